using DownloadModels.Tests.Bundle;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>pack when it must not write a bundle: offline with something missing, a damaged blob, bad options or paths.</summary>
public sealed class PackFailureTests
{
    private const string DeadEndpoint = "http://127.0.0.1:9";

    [Test]
    public async Task Pack_OfflineEverythingCached_PacksWithoutAnyRequest()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddWhisper(hub);
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness();
        await source.RunAsync("--only", "stt");
        var requestsBefore = hub.Requests.Count;
        source.Env("HF_ENDPOINT", DeadEndpoint);
        var bundle = Path.Combine(source.Root, "stt.tar.zst");

        var pack = await source.RunAsync("pack", bundle, "--only", "stt", "--offline");
        var unpack = await target.RunAsync("unpack", bundle);

        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        await Assert.That(hub.Requests.Count).IsEqualTo(requestsBefore);
        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        await Assert.That(CacheSnapshot.Of(target.HubCache)).IsEquivalentTo(CacheSnapshot.Of(source.HubCache));
    }

    [Test]
    public async Task Pack_OfflineModelMissing_RefusesAndWritesNoBundle()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var source = new CliHarness(hub.ApiUrl);
        await source.RunAsync("--only", "stt");
        var requestsBefore = hub.Requests.Count;
        var bundle = Path.Combine(source.Root, "all.tar.zst");

        var pack = await source.RunAsync("pack", bundle, "--offline");

        await Assert.That(pack.ExitCode).IsEqualTo(2).Because(pack.ToString());
        await Assert.That(pack.StdErr).Contains("hexgrad/Kokoro-82M@main is not in the cache");
        await Assert.That(hub.Requests.Count).IsEqualTo(requestsBefore);
        await Assert.That(Directory.GetFiles(source.Root)).IsEmpty();
    }

    [Test]
    public async Task Pack_OfflineBlobDeleted_NamesTheMissingFile()
    {
        await using var hub = await HubServer.StartAsync();
        var whisper = PipelineRepos.AddWhisper(hub);
        using var source = new CliHarness(hub.ApiUrl);
        await source.RunAsync("--only", "stt");
        File.Delete(Path.Combine(source.HubCache, "models--Systran--faster-whisper-tiny", "blobs", whisper.Sha256Of("model.bin")));

        var pack = await source.RunAsync("pack", Path.Combine(source.Root, "stt.tar.zst"), "--only", "stt", "--offline");

        await Assert.That(pack.ExitCode).IsEqualTo(1).Because(pack.ToString());
        await Assert.That(pack.StdErr).Contains("model.bin");
        await Assert.That(Directory.GetFiles(source.Root)).IsEmpty();
    }

    [Test]
    public async Task Pack_BlobDamagedOnDisk_FailsAndLeavesNoBundle()
    {
        await using var hub = await HubServer.StartAsync();
        var whisper = PipelineRepos.AddWhisper(hub);
        using var source = new CliHarness(hub.ApiUrl);
        await source.RunAsync("--only", "stt");
        var blob = Path.Combine(source.HubCache, "models--Systran--faster-whisper-tiny", "blobs", whisper.Sha256Of("model.bin"));
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[1000] ^= 0xFF;
        await File.WriteAllBytesAsync(blob, bytes);

        var pack = await source.RunAsync("pack", Path.Combine(source.Root, "stt.tar.zst"), "--only", "stt", "--offline");

        await Assert.That(pack.ExitCode).IsEqualTo(1).Because(pack.ToString());
        await Assert.That(pack.StdErr).Contains("does not match its sha256");
        await Assert.That(Directory.GetFiles(source.Root)).IsEmpty();
    }

    [Test]
    [Arguments("--dry-run")]
    [Arguments("--level", "0")]
    [Arguments("--level", "20")]
    [Arguments("--threads", "-1")]
    [Arguments("--threads", "65")]
    public async Task Pack_BadOption_ExitsTwoWithOneLine(string option, string? value = null)
    {
        using var source = new CliHarness(DeadEndpoint);
        string[] args = value is null ? ["pack", "b.tar.zst", option] : ["pack", "b.tar.zst", option, value];

        var pack = await source.RunAsync(args);

        await Assert.That(pack.ExitCode).IsEqualTo(2).Because(pack.ToString());
        await Assert.That(pack.StdErr.Trim().Split('\n').Length).IsEqualTo(1);
    }

    [Test]
    [Arguments("missing/b.tar.zst", "does not exist")]
    [Arguments(".", "is a folder")]
    public async Task Pack_BadBundlePath_ExitsTwo(string bundle, string reason)
    {
        using var source = new CliHarness(DeadEndpoint);

        var pack = await source.RunAsync("pack", bundle);

        await Assert.That(pack.ExitCode).IsEqualTo(2).Because(pack.ToString());
        await Assert.That(pack.StdErr).Contains(reason);
    }

    [Test]
    public async Task Pack_ModelFailsToDownload_ExitCodeCountsItAndNoBundle()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/ok").AddFile("a.json", "{}");
        using var source = new CliHarness(hub.ApiUrl);

        var pack = await source.RunAsync("pack", Path.Combine(source.Root, "b.tar.zst"), "org/ok", "org/missing");

        await Assert.That(pack.ExitCode).IsEqualTo(1).Because(pack.ToString());
        await Assert.That(pack.StdErr).Contains("Nothing was packed");
        await Assert.That(Directory.GetFiles(source.Root)).IsEmpty();
    }
}
