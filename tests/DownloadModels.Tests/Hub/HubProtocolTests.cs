using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Hub;

/// <summary>The client against the protocol page: pagination, redirects, headers, the token's reach, errors.</summary>
public sealed class HubProtocolTests
{
    [Test]
    public async Task TreeListing_ManyPages_FollowsEveryNextLink()
    {
        await using var hub = await HubServer.StartAsync();
        hub.TreePageSize = 2;
        var repo = hub.AddRepo("org/model");
        for (var i = 0; i < 7; i++)
            repo.AddFile($"dir{i % 2}/f{i}.txt", $"file {i}");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(DropInCommandTests.SnapshotFiles(cli, "models--org--model").Length).IsEqualTo(7);
        await Assert.That(hub.Requests.Count(r => r.PathAndQuery.Contains("/tree/", StringComparison.Ordinal))).IsGreaterThan(3);
    }

    [Test]
    public async Task Downloads_AnyFile_PinnedToCommitWithIdentityEncoding()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.txt", "hello").AddFile("w.bin", 5000, lfs: true);
        hub.GzipTextFiles = true;
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var resolves = hub.Requests.Where(r => r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal)).ToArray();
        await Assert.That(resolves.All(r => r.PathAndQuery.Contains($"/resolve/{repo.Commit}/", StringComparison.Ordinal))).IsTrue();
        var downloads = hub.Requests.Where(r => r.Host == FakeHost.Cdn || r.PathAndQuery.Contains("resolve", StringComparison.Ordinal)).ToArray();
        await Assert.That(downloads.All(r => r.Header("Accept-Encoding") == "identity")).IsTrue();
    }

    [Test]
    public async Task Token_Given_SentToApiNeverToCdn()
    {
        await using var hub = await HubServer.StartAsync();
        hub.ValidTokens.Add("hf_secret_token");
        hub.AddRepo("org/model").AddFile("w.bin", 5000, lfs: true).AddFile("a.txt", "x");
        using var cli = new CliHarness(hub.ApiUrl);
        cli.Env("HF_TOKEN", "hf_secret_token");

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var api = hub.Requests.Where(r => r.Host == FakeHost.Api).ToArray();
        var cdn = hub.Requests.Where(r => r.Host == FakeHost.Cdn).ToArray();
        await Assert.That(cdn).IsNotEmpty();
        await Assert.That(api.All(r => r.Header("Authorization") == "Bearer hf_secret_token")).IsTrue();
        await Assert.That(cdn.All(r => r.Header("Authorization") is null)).IsTrue();
        await Assert.That(result.All).DoesNotContain("hf_secret_token");
    }

    [Test]
    public async Task GatedRepo_NoToken_SaysAcceptLicenceAndPassToken()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/gated").AddFile("w.bin", 5000, lfs: true);
        repo.Gated = true;
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/gated");

        await Assert.That(result.ExitCode).IsEqualTo(1);
        await Assert.That(result.All).Contains("org/gated is gated: accept its licence at");
        await Assert.That(result.All).Contains("--token or HF_TOKEN");
    }

    [Test]
    public async Task GatedRepo_TokenNotApproved_SaysTokenNotApproved()
    {
        await using var hub = await HubServer.StartAsync();
        hub.ValidTokens.Add("hf_unapproved");
        var repo = hub.AddRepo("org/gated").AddFile("w.bin", 5000, lfs: true);
        repo.Gated = true;
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/gated", "--token", "hf_unapproved");

        await Assert.That(result.ExitCode).IsEqualTo(1);
        await Assert.That(result.All).Contains("not (yet) approved");
        await Assert.That(result.All).DoesNotContain("hf_unapproved");
    }

    [Test]
    public async Task RepoNotFound_Anonymous_SaysCheckIdOrToken()
    {
        await using var hub = await HubServer.StartAsync();
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/missing");

        await Assert.That(result.ExitCode).IsEqualTo(1);
        await Assert.That(result.All).Contains("repository org/missing was not found");
        await Assert.That(result.All).Contains("check the id");
    }

    [Test]
    public async Task RevisionNotFound_UnknownBranch_SaysCheckRevision()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.txt", "a");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model", "--revision", "nope");

        await Assert.That(result.ExitCode).IsEqualTo(1);
        await Assert.That(result.All).Contains("revision not found");
        await Assert.That(result.All).Contains("--revision");
    }

    [Test]
    public async Task TwoRepos_OneMissing_ExitCodeCountsFailuresOtherComplete()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/good").AddFile("a.txt", "a");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/good", "org/bad1", "org/bad2");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(File.Exists(Path.Combine(cli.HubCache, "models--org--good", "refs", "main"))).IsTrue();
    }

    [Test]
    public async Task RedirectLoop_OnResolve_FailsWithClearMessage()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("w.bin", 5000, lfs: true);
        hub.Faults.RedirectLoop(times: 1000);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(1);
        await Assert.That(result.All).Contains("redirect loop");
    }

    [Test]
    public async Task RedirectLoop_BeforeFirstByte_LeavesNoEmptyPartial()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("w.bin", 5000, lfs: true);
        hub.Faults.RedirectLoop(times: 1000);
        using var cli = new CliHarness(hub.ApiUrl);

        await cli.RunAsync("get", "org/model");

        await Assert.That(cli.Layout().Where(p => p.EndsWith(".incomplete", StringComparison.Ordinal))).IsEmpty();
    }

    [Test]
    public async Task DeadEndpoint_ConnectionRefused_OneLineNamingEndpoint()
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var result = await cli.RunAsync("get", "org/model", "--retries", "1");

        await Assert.That(result.ExitCode).IsEqualTo(1);
        await Assert.That(result.All).Contains("could not reach http://127.0.0.1:9");
        await Assert.That(result.All).DoesNotContain("   at ");
    }
}
