using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

public sealed class DryRunTests
{
    [Test]
    public async Task DryRun_EmptyCache_ReportsEverythingToFetchAndWritesNothing()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = PipelineRepos.AddWhisper(hub);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("--dry-run", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains(repo.Commit);
        await Assert.That(result.StdOut).Contains("model.bin");
        await Assert.That(result.StdOut).Contains("to fetch");
        await Assert.That(Directory.Exists(cli.HfHome)).IsFalse();
        await Assert.That(hub.Requests.Any(r => r.Host == FakeHost.Cdn || r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal))).IsFalse();
    }

    [Test]
    public async Task DryRun_AfterDownload_ReportsNothingToFetchAndChangesNothing()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddWhisper(hub);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("--only", "stt");
        var before = cli.Layout();

        var result = await cli.RunAsync("--dry-run", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("to fetch 0 B");
        await Assert.That(cli.Layout()).IsEquivalentTo(before);
    }

    [Test]
    public async Task DryRun_FullyCached_OneApiRequestPerRepo()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync();
        hub.ClearRequests();

        var result = await cli.RunAsync("--dry-run");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var paths = hub.Requests.Select(r => r.PathAndQuery).ToArray();
        await Assert.That(paths.Length).IsEqualTo(3).Because(string.Join("\n", paths));
        await Assert.That(paths.All(p => p.Contains("/revision/", StringComparison.Ordinal))).IsTrue();
    }

    [Test]
    public async Task DryRun_HubUnreachableButCached_ReportsFromCacheAndSaysSo()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = PipelineRepos.AddWhisper(hub);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("--only", "stt");
        cli.Env("HF_ENDPOINT", "http://127.0.0.1:9");

        var result = await cli.RunAsync("--dry-run", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("could not be reached");
        await Assert.That(result.StdOut).Contains(repo.Commit);
        await Assert.That(result.StdOut).Contains("model.bin");
    }

    [Test]
    public async Task DryRun_HubUnreachableNothingCached_ExitCodeCountsModels()
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var result = await cli.RunAsync("--dry-run");

        await Assert.That(result.ExitCode).IsEqualTo(3).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("not in the cache");
        await Assert.That(Directory.Exists(cli.HfHome)).IsFalse();
    }
}
