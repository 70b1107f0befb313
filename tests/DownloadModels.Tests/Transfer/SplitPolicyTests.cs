using System.Diagnostics;
using DownloadModels.Transfer;

namespace DownloadModels.Tests.Transfer;

/// <summary>
/// When the scheduler splits a range in flight under a <see cref="SplitPolicy"/> (no network: rates are set by
/// back-dating a range's first byte): a slow range with much left is split, a fast one is left alone, a range
/// not yet measured waits, and a split never leaves less than the floor the link's rate calls for.
/// </summary>
public sealed class SplitPolicyTests
{
    private const long MiB = 1024 * 1024;
    private static readonly SplitPolicy Policy = new(TimeSpan.FromMilliseconds(150), FallbackRate: 0, MinFloor: MiB);

    [Test]
    public async Task TryTake_SlowRangeWithMuchLeft_SecondHalfTaken()
    {
        var scheduler = new RangeScheduler(24 * MiB, [], rangeSize: 32 * MiB, floor: 4 * MiB, workers: 1);
        var first = scheduler.TryTake(Policy, out var firstBeyond)!;
        Write(scheduler, first, 1_000_000);
        BackDate(first, TimeSpan.FromSeconds(1)); // 1 MB/s: 23 MiB left would take 24 s

        var wants = scheduler.WantsAnother(Policy);
        var stolen = scheduler.TryTake(Policy, out var stolenBeyond);

        await Assert.That(firstBeyond).IsFalse();
        await Assert.That(wants).IsTrue();
        await Assert.That(stolen).IsNotNull();
        await Assert.That(stolenBeyond).IsTrue(); // past the written prefix: the partial now needs its record
        await Assert.That(first.End).IsEqualTo(stolen!.Start);
        await Assert.That(stolen.End).IsEqualTo(24 * MiB);
    }

    [Test]
    public async Task TryTake_FastRangeEndingSoon_NotSplit()
    {
        var scheduler = new RangeScheduler(24 * MiB, [], rangeSize: 32 * MiB, floor: 4 * MiB, workers: 1);
        var first = scheduler.TryTake(Policy, out _)!;
        Write(scheduler, first, (int)(4 * MiB));
        BackDate(first, TimeSpan.FromMilliseconds(40)); // ~100 MiB/s: the 20 MiB left take 0.2 s...
        // ...under the pay-off time, even if a loaded machine stalls a second or two between these lines.
        var fast = Policy with { PaysAfter = TimeSpan.FromSeconds(30) };

        await Assert.That(scheduler.WantsAnother(fast)).IsFalse();
        await Assert.That(scheduler.TryTake(fast, out _)).IsNull();
    }

    [Test]
    public async Task TryTake_RangeNotMeasuredYetAndNoLinkRate_Waits()
    {
        var scheduler = new RangeScheduler(24 * MiB, [], rangeSize: 32 * MiB, floor: 4 * MiB, workers: 1);
        var first = scheduler.TryTake(Policy, out _)!;
        Write(scheduler, first, 1000);
        // Its first byte "just now": dated a second ahead, so however loaded the machine, it is not measured long enough during the test.
        BackDate(first, TimeSpan.FromSeconds(-1));

        await Assert.That(scheduler.WantsAnother(Policy)).IsFalse();
        await Assert.That(scheduler.TryTake(Policy, out _)).IsNull();
    }

    [Test]
    public async Task TryTake_RangeWithoutAByteLongAfterItWasAsked_CountsAsStalledAndIsSplit()
    {
        var scheduler = new RangeScheduler(24 * MiB, [], rangeSize: 32 * MiB, floor: 4 * MiB, workers: 1);
        var first = scheduler.TryTake(Policy, out _)!;
        first.TakenAt = Stopwatch.GetTimestamp() - Stopwatch.Frequency; // asked 1 s ago, nothing since

        await Assert.That(scheduler.TryTake(Policy, out _)).IsNotNull();
    }

    [Test]
    public async Task TryTake_SlowLink_SplitsDownToTheRateFloorNotBelow()
    {
        // 4 MB/s a connection: the floor is what one carries in 100 ms, 400 kB, raised to this policy's 1 MiB minimum.
        var policy = Policy with { FallbackRate = 4_000_000 };
        var scheduler = new RangeScheduler(8 * MiB, [], rangeSize: 32 * MiB, floor: 4 * MiB, workers: 1);
        var ranges = new List<ScheduledRange> { scheduler.TryTake(policy, out _)! };
        Write(scheduler, ranges[0], 1000);
        BackDate(ranges[0], TimeSpan.FromSeconds(1));

        while (scheduler.TryTake(policy, out _) is { } stolen)
        {
            Write(scheduler, stolen, 1000);
            BackDate(stolen, TimeSpan.FromSeconds(1));
            ranges.Add(stolen);
        }

        // Halving 8 MiB while both halves keep 1 MiB: ranges of 1-2 MiB (not one 4 MiB floor apart), none below the floor.
        await Assert.That(ranges.Count).IsBetween(4, 8);
        await Assert.That(ranges.All(r => r.End - r.Start >= MiB)).IsTrue();
        await Assert.That(ranges.Max(r => r.End - r.Start)).IsLessThan(3 * MiB);
    }

    [Test]
    public async Task TryTake_NoLinkRateYetButTheFileMeasuredSlow_SplitsAtOnceDownToItsRateFloor()
    {
        // The controller has not measured the link yet (FallbackRate 0): the file's own first range, measured at
        // about 1 MB/s, stands in for it, so the new halves are split too (not only once they are measured), and
        // the floor is that rate's (1 MiB), not the scheduler's 4 MiB.
        var scheduler = new RangeScheduler(8 * MiB, [], rangeSize: 32 * MiB, floor: 4 * MiB, workers: 1);
        var first = scheduler.TryTake(Policy, out _)!;
        Write(scheduler, first, 1_000_000);
        BackDate(first, TimeSpan.FromSeconds(1));

        var ranges = new List<ScheduledRange> { first };
        while (scheduler.TryTake(Policy, out _) is { } stolen)
            ranges.Add(stolen);

        await Assert.That(ranges.Count).IsBetween(4, 8);
        await Assert.That(ranges.All(r => r.End - r.Claimed >= MiB)).IsTrue();
    }

    [Test]
    public async Task TryTake_FewMibFileAtFiveMBpsWithFreeSlots_CutAtOnceIntoEqualPiecesOfTheRateFloor()
    {
        // 5 MB/s a connection, a round trip of 2 ms: the floor is what one carries in 100 ms (500 kB, raised to the
        // 512 KiB minimum). The file's first range (6 MB, 200 kB in) is cut while the controller has 15 slots free,
        // each new connection holding one when it asks: eleven equal pieces of ~527 kB, none under the floor (aria2c
        // -k1M: six of 1 MiB).
        var scheduler = new RangeScheduler(6_000_000, [], rangeSize: 32 * MiB, floor: 4 * MiB, workers: 1);
        var first = scheduler.TryTake(Policy, out _)!;
        Write(scheduler, first, 200_000);
        BackDate(first, TimeSpan.FromMilliseconds(40));

        var ranges = new List<ScheduledRange> { first };
        for (var free = 14; scheduler.TryTake(FewMib(free), out _) is { } stolen; free--)
            ranges.Add(stolen);

        var left = ranges.Select(r => r.End - r.Claimed).ToList();
        await Assert.That(ranges.Count).IsEqualTo(11);
        await Assert.That(left.Min()).IsGreaterThanOrEqualTo(TransferSettings.MinSplitFloor);
        await Assert.That((double)left.Max() / left.Min()).IsLessThan(1.1);
    }

    [Test]
    public async Task TryTake_FewMibFileWithFewSlotsFree_OneShareEachNotHalvesOfHalves()
    {
        // Three slots free: three connections join, each holding its slot when it asks (the first sees two more free,
        // the last none), and the range is cut into four equal shares, not halves of halves.
        var scheduler = new RangeScheduler(6_000_000, [], rangeSize: 32 * MiB, floor: 4 * MiB, workers: 1);
        var first = scheduler.TryTake(Policy, out _)!;
        Write(scheduler, first, 200_000);
        BackDate(first, TimeSpan.FromMilliseconds(40));

        var ranges = new List<ScheduledRange> { first };
        for (var free = 2; free >= 0 && scheduler.TryTake(FewMib(free), out _) is { } stolen; free--)
            ranges.Add(stolen);

        var left = ranges.Select(r => r.End - r.Claimed).ToList();
        await Assert.That(ranges.Count).IsEqualTo(4);
        await Assert.That((double)left.Max() / left.Min()).IsLessThan(1.1);
    }

    [Test]
    public async Task TryTake_RangeAskedForAsUnderTwoMiB_NeverSplitEvenWhenStalled()
    {
        // --chunk-size 1: 1 MiB ranges. However slow one looks (a loaded machine on loopback), it stays one request,
        // though the 512 KiB floor would allow halves.
        var policy = FewMib(8);
        var scheduler = new RangeScheduler(4 * MiB, [], rangeSize: MiB, floor: MiB, workers: 4);
        var ranges = Enumerable.Range(0, 4).Select(i => scheduler.TryTake(policy, out var _)!).ToList();
        foreach (var range in ranges)
            range.TakenAt = Stopwatch.GetTimestamp() - Stopwatch.Frequency; // asked 1 s ago, nothing since

        await Assert.That(ranges.All(r => r.End - r.Start == MiB)).IsTrue();
        await Assert.That(scheduler.WantsAnother(policy)).IsFalse();
        await Assert.That(scheduler.TryTake(policy, out _)).IsNull();
    }

    [Test]
    public async Task TryTake_PieceASplitCut_NotCutAgain()
    {
        // The file's first range is cut into pieces; a piece (under 2 MiB) is not cut again, however slow it is.
        var scheduler = new RangeScheduler(6_000_000, [], rangeSize: 32 * MiB, floor: 4 * MiB, workers: 1);
        var first = scheduler.TryTake(Policy, out _)!;
        Write(scheduler, first, 200_000);
        BackDate(first, TimeSpan.FromMilliseconds(40));
        var piece = scheduler.TryTake(FewMib(1), out _)!;
        Write(scheduler, piece, 1000);
        BackDate(piece, TimeSpan.FromSeconds(10)); // 100 B/s
        Write(scheduler, first, (int)(first.End - first.Claimed)); // the first range is done: only the piece is left
        scheduler.Complete(first);

        await Assert.That(piece.End - piece.Start).IsLessThan(SplitPolicy.MinSplitLeft);
        await Assert.That(scheduler.TryTake(FewMib(8), out _)).IsNull();
    }

    [Test]
    public async Task IsOnlyRangeLeft_AFileStillOneStream_TrueUntilItsFirstSplit()
    {
        var scheduler = new RangeScheduler(8 * MiB, [new ByteRange(0, MiB)], rangeSize: 32 * MiB, floor: MiB, workers: 1);
        var first = scheduler.TryTake(Policy, out _)!;
        var taken = (first.Start, first.End);
        var alone = scheduler.IsOnlyRangeLeft(first);
        Write(scheduler, first, 1000);
        BackDate(first, TimeSpan.FromSeconds(1));
        var stolen = scheduler.TryTake(Policy, out _)!;

        // The rest of a plain prefix, alone: asked for as a stream asks (bytes=N-); once split, each range is bounded.
        await Assert.That(taken).IsEqualTo((MiB, 8 * MiB));
        await Assert.That(alone).IsTrue();
        await Assert.That(scheduler.IsOnlyRangeLeft(first)).IsFalse();
        await Assert.That(scheduler.IsOnlyRangeLeft(stolen)).IsFalse();
    }

    /// <summary>A link of 5 MB/s a connection and 2 ms first bytes, with <paramref name="free"/> slots free in the controller.</summary>
    private static SplitPolicy FewMib(int free) =>
        Policy with { FallbackRate = 5_000_000, MinFloor = TransferSettings.MinSplitFloor, Ways = 2 + free, FirstByte = TimeSpan.FromMilliseconds(2) };

    private static void Write(RangeScheduler scheduler, ScheduledRange range, int count) =>
        scheduler.Advance(range, scheduler.Claim(range, count));

    /// <summary>Moves the range's first byte back in time, so its measured rate is what it wrote over <paramref name="ago"/>.</summary>
    private static void BackDate(ScheduledRange range, TimeSpan ago) =>
        range.FirstByteAt = Stopwatch.GetTimestamp() - (long)(ago.TotalSeconds * Stopwatch.Frequency);
}
