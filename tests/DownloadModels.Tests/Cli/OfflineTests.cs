using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>--offline / HF_HUB_OFFLINE: no network at all; the cache alone answers.</summary>
public sealed class OfflineTests
{
    private const string DeadEndpoint = "http://127.0.0.1:9";

    [Test]
    [Arguments("--offline", null)]
    [Arguments(null, "1")]
    [Arguments(null, "yes")]
    public async Task Offline_EverythingCached_ExitsZeroWithoutAnyRequestAndChangesNothing(string? flag, string? variable)
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddWhisper(hub);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("--only", "stt");
        var before = cli.Layout();
        var requestsBefore = hub.Requests.Count;
        cli.Env("HF_ENDPOINT", DeadEndpoint).Env("HF_HUB_OFFLINE", variable);

        var result = await cli.RunAsync(flag is null ? ["--only", "stt"] : ["--only", "stt", flag]);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(hub.Requests.Count).IsEqualTo(requestsBefore);
        await Assert.That(cli.Layout()).IsEquivalentTo(before);
    }

    [Test]
    public async Task Offline_Get_EverythingCached_ExitsZero()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.json", "{}").AddFile("w.bin", 10_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("get", "org/model", "--include", "*.json");
        cli.Env("HF_ENDPOINT", DeadEndpoint);

        var result = await cli.RunAsync("get", "org/model", "--include", "*.json", "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
    }

    [Test]
    public async Task Offline_BlobDeleted_ExitsOneNamingTheMissingFile()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = PipelineRepos.AddWhisper(hub);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("--only", "stt");
        File.Delete(Path.Combine(cli.HubCache, "models--Systran--faster-whisper-tiny", "blobs", repo.Sha256Of("model.bin")));
        var requestsBefore = hub.Requests.Count;

        var result = await cli.RunAsync("--only", "stt", "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.All).Contains("model.bin");
        await Assert.That(result.All).Contains("missing from the cache");
        await Assert.That(result.All).DoesNotContain("tokenizer.json: missing");
        await Assert.That(hub.Requests.Count).IsEqualTo(requestsBefore);
    }

    [Test]
    public async Task Offline_NothingCached_ExitCodeCountsModels()
    {
        using var cli = new CliHarness(DeadEndpoint);

        var result = await cli.RunAsync("--offline");

        await Assert.That(result.ExitCode).IsEqualTo(3).Because(result.ToString());
        await Assert.That(result.All).Contains("Systran/faster-whisper-tiny@main is not in the cache");
        await Assert.That(result.All).Contains("hexgrad/Kokoro-82M@main is not in the cache");
        await Assert.That(result.All).Contains("intfloat/multilingual-e5-small@main is not in the cache");
    }

    [Test]
    public async Task Offline_OneOfTwoCached_ExitsOneForTheOther()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddWhisper(hub);
        PipelineRepos.AddKokoro(hub);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("--only", "stt");
        cli.Env("HF_ENDPOINT", DeadEndpoint);

        var stt = await cli.RunAsync("--only", "stt", "--offline");
        var tts = await cli.RunAsync("--only", "tts", "--offline");

        await Assert.That(stt.ExitCode).IsEqualTo(0).Because(stt.ToString());
        await Assert.That(tts.ExitCode).IsEqualTo(1).Because(tts.ToString());
        await Assert.That(tts.All).Contains("hexgrad/Kokoro-82M@main is not in the cache");
    }

    [Test]
    public async Task DryRunOffline_LinkAndBlobDeleted_SavedTreeStillNamesTheMissingFile()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = PipelineRepos.AddWhisper(hub);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("--only", "stt");
        var folder = Path.Combine(cli.HubCache, "models--Systran--faster-whisper-tiny");
        File.Delete(Path.Combine(folder, "blobs", repo.Sha256Of("model.bin")));
        File.Delete(Path.Combine(folder, "snapshots", repo.Commit, "model.bin"));
        var requestsBefore = hub.Requests.Count;
        var before = cli.Layout();

        var result = await cli.RunAsync("--dry-run", "--only", "stt", "--offline");

        await Assert.That(File.Exists(Path.Combine(folder, "trees", repo.Commit + ".json"))).IsTrue();
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains(repo.Commit);
        await Assert.That(result.StdOut).Contains("offline mode");
        await Assert.That(result.StdOut.Split('\n').Single(l => l.Contains("model.bin", StringComparison.Ordinal))).Contains("to fetch");
        await Assert.That(result.StdOut).Contains("to fetch 300 kB");
        await Assert.That(hub.Requests.Count).IsEqualTo(requestsBefore);
        await Assert.That(cli.Layout()).IsEquivalentTo(before);
    }

    [Test]
    public async Task DryRunOffline_NothingCached_SaysNotInTheCacheAndCountsModels()
    {
        using var cli = new CliHarness(DeadEndpoint);

        var result = await cli.RunAsync("--dry-run", "--offline", "--only", "tts");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("not in the cache");
        await Assert.That(Directory.Exists(cli.HfHome)).IsFalse();
    }
}
