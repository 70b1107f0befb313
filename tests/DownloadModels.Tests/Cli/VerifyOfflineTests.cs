using DownloadModels.Tests.Inspection;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>`verify` without the Hub: refs + trees/{commit}.json say what should be there.</summary>
public sealed class VerifyOfflineTests
{
    private const string DeadEndpoint = "http://127.0.0.1:9";

    [Test]
    [Arguments("--offline", null)]
    [Arguments(null, "1")]
    public async Task VerifyOffline_AllIntact_ExitsZeroWithoutAnyRequest(string? flag, string? variable)
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, _) = downloaded;
        var requestsBefore = hub.Requests.Count;
        cli.Env("HF_HUB_OFFLINE", variable);

        var result = await cli.RunAsync(flag is null ? ["verify", "--only", "stt"] : ["verify", "--only", "stt", flag]);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("against the saved listing): ok, 4 files");
        await Assert.That(result.StdErr).Contains("Offline: checking against the cache's own records");
        await Assert.That(hub.Requests.Count).IsEqualTo(requestsBefore);
    }

    [Test]
    public async Task VerifyOffline_LinkAndBlobDeleted_SavedListingNamesTheMissingFile()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        File.Delete(cache.Blob("model.bin"));
        File.Delete(cache.Snapshot("model.bin"));
        cli.Env("HF_ENDPOINT", DeadEndpoint);

        var result = await cli.RunAsync("verify", "--only", "stt", "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(VerifyCommandTests.Line(result.StdOut, "model.bin")).IsEqualTo("  missing    model.bin: not downloaded");
    }

    [Test]
    public async Task VerifyOffline_NothingCached_ExitCodeCountsRepos()
    {
        using var cli = new CliHarness(DeadEndpoint);

        var result = await cli.RunAsync("verify", "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(3).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("[stt] Systran/faster-whisper-tiny @ main: error: not in the cache (no refs/main)");
        await Assert.That(Directory.Exists(cli.HfHome)).IsFalse();
    }

    [Test]
    public async Task VerifyOffline_NoSavedListing_ChecksContentByBlobNameAndSaysMissingCannotBeSeen()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, cache) = downloaded;
        File.Delete(cache.Tree);
        cache.FlipByte("vocabulary.txt");

        var result = await cli.RunAsync("verify", "--only", "stt", "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(VerifyCommandTests.Line(result.StdOut, "vocabulary.txt")).Contains($"git-sha1 is");
        await Assert.That(result.StdOut).Contains("missing files cannot be detected");
    }

    [Test]
    public async Task Verify_HubUnreachable_FallsBackToSavedListingWithNote()
    {
        await using var downloaded = await VerifyCommandTests.DownloadedWhisperAsync();
        var (hub, _, cli, _) = downloaded;
        cli.Env("HF_ENDPOINT", DeadEndpoint);

        var result = await cli.RunAsync("verify", "--only", "stt");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("against the saved listing): ok");
        await Assert.That(result.StdOut).Contains("note       no listing from the Hub");
    }

    [Test]
    public async Task Verify_RepoGoneFromHub_FallsBackToSavedListing()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.json", "{}");
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("get", "org/model");
        repo.Private = true;

        var result = await cli.RunAsync("verify", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("against the saved listing): ok, 1 file");
    }

    [Test]
    public async Task VerifyOffline_PinnedCommit_NeedsNoRef()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.json", "{}").AddFile("w.bin", 3_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("get", "org/model", "--revision", repo.Commit);

        var result = await cli.RunAsync("verify", "org/model", "--revision", repo.Commit, "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.Exists(new CacheTamper(cli, repo).Ref())).IsFalse();
    }

    [Test]
    public async Task VerifyOffline_Dataset_UsesDatasetFolder()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/data", "dataset").AddFile("train.csv", "a,b\n1,2\n");
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("get", "--repo-type", "dataset", "org/data");

        var result = await cli.RunAsync("verify", "--repo-type", "dataset", "org/data", "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("ok, 1 file");
    }
}
