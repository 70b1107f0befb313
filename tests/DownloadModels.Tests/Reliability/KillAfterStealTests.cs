using System.Globalization;
using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Transfer;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// <c>kill -9</c> of the native binary right after a connection stole the second half of a stalled range:
/// the sidecar records the split (the stolen half is kept although the range it came from is not finished),
/// and the next run fetches exactly the gaps it records, nothing twice, and the file verifies.
/// </summary>
[Category(TestCategory.Host)]
[Timeout(120_000)]
public sealed class KillAfterStealTests
{
    private const long MiB = 1024 * 1024;
    private const long Size = 40 * MiB + 4321;

    [Test]
    public async Task KillNine_AfterASteal_SidecarKeepsTheStolenHalfAndNextRunFetchesOnlyTheGaps(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/big").AddFile("w.bin", Size, lfs: true);
        // The first range stalls long after its first 64 KiB: the other connection does the rest, then steals.
        hub.Faults.Stall(TimeSpan.FromSeconds(60), times: 1, afterBytes: 65_536, host: FakeHost.Cdn);
        using var home = new TempHome();
        var run = home.Run().Env("HF_ENDPOINT", hub.ApiUrl);
        var blobs = home.Sub(".cache/huggingface/hub/models--org--big/blobs");
        var sidecar = Path.Combine(blobs, repo.Sha256Of("w.bin") + ".incomplete.chunks");
        string[] args = ["get", "org/big", "--connections", "2", "--chunk-size", "16"];
        var recorded = "";

        var killed = await run.RunAsync(args, TimeSpan.FromSeconds(60), async process =>
        {
            while (!StealFinished(hub) && !process.HasExited)
                await Task.Delay(20, ct);
            // The sidecar follows writes within 100 ms.
            await Task.Delay(400, ct);
            recorded = File.ReadAllText(sidecar);
            process.Kill();
            await process.WaitForExitAsync(ct);
        });
        var (victim, thief) = WorkStealingTests.StolenPairs(WorkStealingTests.CdnRanges(hub)).Single();
        var written = Written(recorded);
        hub.ClearRequests();

        var resumed = await run.RunAsync(args, TimeSpan.FromSeconds(60), null);

        await Assert.That(killed.ExitCode).IsNotEqualTo(0).Because(killed.ToString());
        // Recorded: the victim's first bytes, then everything from the stolen part on; the victim's unfetched middle
        // is the gap. A split cuts the victim's rest into equal shares for the connections that can join, so the
        // recorded tail may start at an earlier share than the last one (the pair found above), never after it.
        await Assert.That(written.Count).IsEqualTo(2);
        await Assert.That(written[0]).IsEqualTo((victim.Start, victim.Start + 65_536));
        var gapEnd = written[1].Start;
        await Assert.That(written[1].End).IsEqualTo(Size);
        await Assert.That(gapEnd).IsGreaterThan(victim.Start + 65_536).And.IsLessThanOrEqualTo(thief.Start);
        await Assert.That(resumed.ExitCode).IsEqualTo(0).Because(resumed.ToString());
        // Only the gap is asked for, exactly once; a loaded machine may find the gap's range slow and split it in
        // flight: the stolen part then lies inside it.
        var resumedRanges = WorkStealingTests.CdnRanges(hub);
        await Assert.That(WorkStealingTests.Tile(WorkStealingTests.Merge(resumedRanges), victim.Start + 65_536, gapEnd - 1)).IsTrue();
        await Assert.That(WorkStealingTests.OnlyStolenOverlaps(resumedRanges)).IsTrue();
        await Assert.That(hub.Requests.Where(r => r.Host == FakeHost.Cdn).Sum(r => r.BodyBytesSent)).IsGreaterThanOrEqualTo(gapEnd - victim.Start - 65_536);
        await Assert.That(CacheCheck.Problems(home.Sub(".cache/huggingface/hub"), repo)).IsEmpty();
    }

    /// <summary>A steal happened and the thief's answer is complete.</summary>
    private static bool StealFinished(HubServer hub)
    {
        var cdn = hub.Requests.Where(r => r.Host == FakeHost.Cdn && r.Range is not null).ToList();
        var pairs = WorkStealingTests.StolenPairs(WorkStealingTests.CdnRanges(hub)).ToList();
        return pairs.Count > 0 && cdn.Any(r => r.Range == $"bytes={pairs[0].Thief.Start}-{pairs[0].Thief.Last}" && r.BodyBytesSent == pairs[0].Thief.Last - pairs[0].Thief.Start + 1);
    }

    private static List<(long Start, long End)> Written(string sidecar)
    {
        var lines = sidecar.Split('\n');
        if (lines[0] != "download-models chunks v2" || !lines[2].StartsWith("written ", StringComparison.Ordinal))
            throw new InvalidOperationException($"Not a v2 sidecar: {sidecar}");
        return [.. lines[2]["written ".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(item =>
        {
            var parts = item.Split('-');
            return (long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
        })];
    }
}
