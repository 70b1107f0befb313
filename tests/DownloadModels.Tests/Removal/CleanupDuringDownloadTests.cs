using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Reliability;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Removal;

/// <summary>
/// prune and rm beside a real download of ours (throttled, so it is mid-file, with one file already linked into a
/// snapshot whose ref is not written yet): the download holds the repo, so prune leaves it alone (that snapshot is
/// not a detached one) and rm removes nothing; the download then ends with a complete, verified cache.
/// </summary>
[Timeout(120_000)]
public sealed class CleanupDuringDownloadTests
{
    [Test]
    public async Task PruneAndRm_WhileOurDownloadWritesAPartial_KeepItAndTheDownloadCompletes(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("w.bin", 2_000_000, lfs: true);
        hub.Faults.ThrottleBytesPerSecond(400_000, pathContains: repo.Sha256Of("w.bin"), host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);
        var partial = Path.Combine(cli.HubCache, "models--org--model", "blobs", repo.Sha256Of("w.bin") + ".incomplete");

        var download = cli.RunAsync(["get", "org/model", "--connections", "1"], ct);
        while (!File.Exists(partial) || new FileInfo(partial).Length < 200_000)
            await Task.Delay(20, ct);
        var prune = await cli.RunAsync("prune");
        var rm = await cli.RunAsync("rm", "org/model");
        var partialAfter = File.Exists(partial);
        var finished = await download;

        await Assert.That(prune.ExitCode).IsEqualTo(0).Because(prune.ToString());
        await Assert.That(prune.StdOut).Contains("org/model: a download of it is running; left as it is");
        await Assert.That(prune.StdOut).Contains("Nothing removed.");
        await Assert.That(rm.ExitCode).IsEqualTo(1).Because(rm.ToString());
        await Assert.That(rm.StdOut).Contains("in use");
        await Assert.That(partialAfter).IsTrue();
        await Assert.That(finished.ExitCode).IsEqualTo(0).Because(finished.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
    }
}
