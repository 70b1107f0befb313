using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Bundle;

/// <summary>The published native binary: `pack - | unpack -` across two processes with two HOMEs, as over ssh.</summary>
[Category(TestCategory.Host)]
public sealed class NativePipeTests
{
    [Test]
    public async Task PackDash_PipedIntoUnpackDash_TargetHomeGetsIdenticalCache()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var online = new TempHome();
        using var offline = new TempHome();

        var (pack, unpack) = await NativePipe.RunAsync(
            (online.Path, ["pack", "-"], new() { ["HF_ENDPOINT"] = hub.ApiUrl }),
            (offline.Path, ["unpack", "-"], new() { ["HF_ENDPOINT"] = "http://127.0.0.1:9" }),
            TimeSpan.FromSeconds(120));

        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        await Assert.That(unpack.StdOut).Contains("Unpacked 3 of 3 repo(s)");
        var sourceCache = online.Sub(".cache/huggingface/hub");
        await Assert.That(CacheSnapshot.Of(offline.Sub(".cache/huggingface/hub"))).IsEquivalentTo(CacheSnapshot.Of(sourceCache));

        var check = await offline.Run().Env("HF_ENDPOINT", "http://127.0.0.1:9").RunAsync("--offline");
        await Assert.That(check.ExitCode).IsEqualTo(0).Because(check.ToString());
    }

    [Test]
    public async Task PackDash_OfflineModelMissing_UnpackRefusesEmptyStreamBothFail()
    {
        using var online = new TempHome();
        using var offline = new TempHome();

        var (pack, unpack) = await NativePipe.RunAsync(
            (online.Path, ["pack", "-", "--offline"], new()),
            (offline.Path, ["unpack", "-"], new()),
            TimeSpan.FromSeconds(60));

        await Assert.That(pack.ExitCode).IsEqualTo(3).Because(pack.ToString());
        await Assert.That(unpack.ExitCode).IsEqualTo(1).Because(unpack.ToString());
        await Assert.That(unpack.StdErr).Contains("nothing was unpacked");
        await Assert.That(Directory.Exists(offline.Sub(".cache"))).IsFalse();
    }
}
