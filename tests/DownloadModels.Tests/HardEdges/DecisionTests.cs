using System.Diagnostics;
using System.Text;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.HardEdges;

/// <summary>
/// Issue 25's five decisions, pinned (docs/hard-edges.md says why): a trickling connection is a stall; a
/// Retry-After beyond what we wait fails at once, saying so; links to folders inside the cache are followed;
/// a ref with a UTF-8 BOM reads as its commit everywhere; garbage in our environment variables is an error.
/// </summary>
public sealed class DecisionTests
{
    [Test]
    public async Task Get_CdnTricklesBelowTheFloor_DroppedAfterTimeoutAndRetried()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", 60_000, lfs: true);
        hub.Faults.ThrottleBytesPerSecond(100, times: 1, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(40)); // the trickle alone would take 600 s
        var clock = Stopwatch.StartNew();

        var result = await cli.RunAsync(["get", "org/model", "--timeout", "2"], patience.Token);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(40));
        await Assert.That(File.ReadAllBytes(Path.Combine(cli.HubCache, "models--org--model", "blobs", repo.Sha256Of("w.bin")))).IsEquivalentTo(repo.GetContent("w.bin"));
    }

    [Test]
    public async Task Get_RetryAfterOfADay_FailsAtOnceSayingWhatTheServerAsked()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("c.json", "{}");
        hub.Faults.Status(429, times: 100, retryAfter: TimeSpan.FromDays(1), pathContains: "/revision/");
        using var cli = new CliHarness(hub.ApiUrl);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();

        var result = await cli.RunAsync(["get", "org/model"], patience.Token);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(20));
        await Assert.That(result.StdErr).Contains("asks to wait 86400 s (Retry-After)").Because(result.ToString());
    }

    [Test]
    public async Task Get_BlobsFolderIsALinkToAnotherDisk_FollowedWhenWriting()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", 5000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        var elsewhere = Directory.CreateDirectory(Path.Combine(cli.Root, "other-disk")).FullName;
        var repoFolder = Directory.CreateDirectory(Path.Combine(cli.HubCache, "models--org--model")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(repoFolder, "blobs"), elsewhere);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(File.Exists(Path.Combine(elsewhere, repo.Sha256Of("w.bin")))).IsTrue();
        await Assert.That(new DirectoryInfo(Path.Combine(repoFolder, "blobs")).LinkTarget).IsEqualTo(elsewhere);
    }

    [Test]
    public async Task RefWithAByteOrderMark_OneReading_OfflineReadyPruneKeepsVerifyReports()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("c.json", "{}");
        using var cli = new CliHarness(hub.ApiUrl);
        await Assert.That((await cli.RunAsync("get", "org/model")).ExitCode).IsEqualTo(0);
        var refPath = Path.Combine(cli.HubCache, "models--org--model", "refs", "main");
        File.WriteAllBytes(refPath, [0xEF, 0xBB, 0xBF, .. Encoding.ASCII.GetBytes(repo.Commit)]);

        var offline = await cli.RunAsync("get", "org/model", "--offline");
        var prune = await cli.RunAsync("prune");
        var verify = await cli.RunAsync("verify", "org/model", "--offline");

        await Assert.That(offline.ExitCode).IsEqualTo(0).Because(offline.ToString());
        await Assert.That(prune.ExitCode).IsEqualTo(0).Because(prune.ToString());
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--model", "snapshots", repo.Commit))).IsTrue().Because(prune.ToString());
        await Assert.That(verify.All).Contains("byte order mark").Because(verify.ToString());
    }

    [Test]
    [Arguments("HF_HUB_DOWNLOAD_TIMEOUT", "abc", "HF_HUB_DOWNLOAD_TIMEOUT is 'abc'")]
    [Arguments("HF_HUB_DOWNLOAD_TIMEOUT", "-5", "HF_HUB_DOWNLOAD_TIMEOUT is '-5'")]
    [Arguments("HF_HUB_OFFLINE", "maybe", "HF_HUB_OFFLINE is 'maybe'")]
    public async Task Get_GarbageInAnEnvironmentVariable_OneLineUsageExit(string name, string value, string message)
    {
        using var cli = new CliHarness("http://127.0.0.1:9");
        cli.Env(name, value);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains(message).Because(result.ToString());
        await Assert.That(result.ErrorLines.Length).IsEqualTo(1).Because(result.ToString());
    }

    [Test]
    [Arguments("HF_HUB_OFFLINE", "0")]
    [Arguments("HF_HUB_OFFLINE", "false")]
    [Arguments("HF_HUB_OFFLINE", "")]
    [Arguments("HF_HUB_DOWNLOAD_TIMEOUT", "0.5")]
    public async Task Get_ValidValues_Accepted(string name, string value)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("c.json", "{}");
        using var cli = new CliHarness(hub.ApiUrl);
        cli.Env(name, value);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
    }
}
