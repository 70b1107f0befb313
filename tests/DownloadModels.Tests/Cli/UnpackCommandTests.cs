using DownloadModels.Tests.Bundle;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>unpack's command line: dry run, quiet, --cache-dir, unreadable bundles, and an offline run afterwards.</summary>
public sealed class UnpackCommandTests
{
    private const string DeadEndpoint = "http://127.0.0.1:9";

    [Test]
    public async Task Unpack_IntoEmptyCache_ThenOfflineRunFindsEverything()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness(DeadEndpoint);
        var bundle = await Packed.FromAsync(source);

        var unpack = await target.RunAsync("unpack", bundle);
        var offline = await target.RunAsync("--offline");

        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        await Assert.That(offline.ExitCode).IsEqualTo(0).Because(offline.ToString());
    }

    [Test]
    public async Task Unpack_DryRun_ChecksEverythingWritesNothing()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness();
        var bundle = await Packed.FromAsync(source);

        var check = await target.RunAsync("unpack", bundle, "--dry-run");

        await Assert.That(check.ExitCode).IsEqualTo(0).Because(check.ToString());
        await Assert.That(check.StdOut).Contains("Checked 3 of 3 repo(s): would add");
        await Assert.That(Directory.Exists(target.HfHome)).IsFalse();
    }

    [Test]
    public async Task Unpack_Quiet_PrintsNothing()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddWhisper(hub);
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness();
        var bundle = await Packed.FromAsync(source, "--only", "stt");

        var unpack = await target.RunAsync("unpack", bundle, "--quiet");

        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        await Assert.That(unpack.StdOut + unpack.StdErr).IsEmpty();
    }

    [Test]
    [Arguments("missing.tar.zst", "does not exist")]
    [Arguments(".", "is a folder")]
    public async Task Unpack_BundleUnreadable_ExitsTwoCreatesNothing(string bundle, string reason)
    {
        using var target = new CliHarness();

        var unpack = await target.RunAsync("unpack", bundle);

        await Assert.That(unpack.ExitCode).IsEqualTo(2).Because(unpack.ToString());
        await Assert.That(unpack.StdErr).Contains(reason);
        await Assert.That(Directory.Exists(target.HfHome)).IsFalse();
    }

    [Test]
    public async Task Unpack_CacheDirOption_UnpacksThere()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddWhisper(hub);
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness();
        var bundle = await Packed.FromAsync(source, "--only", "stt");
        var elsewhere = Path.Combine(target.Root, "elsewhere");

        var unpack = await target.RunAsync("unpack", bundle, "--cache-dir", elsewhere);

        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        await Assert.That(CacheSnapshot.Of(Path.Combine(elsewhere, "hub"))).IsEquivalentTo(CacheSnapshot.Of(source.HubCache));
        await Assert.That(Directory.Exists(target.HfHome)).IsFalse();
    }
}
