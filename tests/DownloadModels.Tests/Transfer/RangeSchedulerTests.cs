using DownloadModels.Transfer;

namespace DownloadModels.Tests.Transfer;

/// <summary>How one ranged download's ranges are handed out, split and tracked (no network: the scheduler alone).</summary>
public sealed class RangeSchedulerTests
{
    private const long MiB = 1024 * 1024;

    [Test]
    public async Task TryTake_FreshFile_LowestFirstShrinkingRangesThatTileTheFile()
    {
        var scheduler = new RangeScheduler(100 * MiB, [], rangeSize: 32 * MiB, floor: 4 * MiB, workers: 4);

        var ranges = TakeAllPending(scheduler, 100 * MiB);

        await Assert.That(ranges[0].Start).IsEqualTo(0);
        for (var i = 1; i < ranges.Count; i++)
        {
            await Assert.That(ranges[i].Start).IsEqualTo(ranges[i - 1].End);
            // Shares of what is left: never growing (but the last may carry a rest smaller than the floor along).
            await Assert.That(Length(ranges[i]) <= Length(ranges[i - 1]) || i == ranges.Count - 1).IsTrue();
        }

        await Assert.That(ranges[^1].End).IsEqualTo(100 * MiB);
        // The floor holds but for the last two, which may share a rest: never below three quarters of it.
        await Assert.That(ranges.SkipLast(2).All(p => Length(p) >= 4 * MiB)).IsTrue();
        await Assert.That(ranges.All(p => Length(p) >= 3 * MiB && Length(p) <= 32 * MiB)).IsTrue();
        // A quarter of 100 MiB first, then a quarter of what is left: the last round is small.
        await Assert.That(Length(ranges[0])).IsEqualTo(25 * MiB);
        await Assert.That(Length(ranges[^1])).IsLessThanOrEqualTo(6 * MiB);
    }

    [Test]
    public async Task TryTake_RestBelowTheFloorWouldMakeTheLastRangeLong_LastTwoShareIt()
    {
        var scheduler = new RangeScheduler(10 * MiB + (MiB / 2), [], rangeSize: 32 * MiB, floor: 4 * MiB, workers: 8);

        var ranges = TakeAllPending(scheduler, 10 * MiB + (MiB / 2));

        await Assert.That(ranges.Select(p => (p.Start, p.End))).IsEquivalentTo(new[]
        {
            (0L, 4 * MiB), (4 * MiB, 7 * MiB + (MiB / 4)), (7 * MiB + (MiB / 4), 10 * MiB + (MiB / 2)),
        });
    }

    [Test]
    public async Task TryTake_LargeFile_RangesNeverAboveTheRangeSize()
    {
        var scheduler = new RangeScheduler(1000 * MiB, [], rangeSize: 32 * MiB, floor: 4 * MiB, workers: 8);

        var ranges = TakeAllPending(scheduler, 1000 * MiB);

        await Assert.That(ranges.Take(8).All(p => Length(p) == 32 * MiB)).IsTrue();
        await Assert.That(ranges.Max(Length)).IsLessThanOrEqualTo(32 * MiB);
    }

    [Test]
    public async Task TryTake_NothingPending_SplitsTheLargestRangeInFlightAndTakesItsSecondHalf()
    {
        var scheduler = new RangeScheduler(40 * MiB, [], rangeSize: 32 * MiB, floor: 4 * MiB, workers: 1);
        var first = scheduler.TryTake()!;
        var second = scheduler.TryTake()!;
        Write(scheduler, second, (int)Length(second));
        scheduler.Complete(second);
        Write(scheduler, first, (int)MiB);

        var stolen = scheduler.TryTake()!;

        await Assert.That((first.Start, second.Start, second.End)).IsEqualTo((0L, 32 * MiB, 40 * MiB));
        // 31 MiB were left of the first range: the thief takes the upper 15.5 MiB of them.
        await Assert.That(stolen.Start).IsEqualTo(MiB + (31 * MiB / 2));
        await Assert.That(stolen.End).IsEqualTo(32 * MiB);
        await Assert.That(first.End).IsEqualTo(stolen.Start);
        await Assert.That(scheduler.Steals).IsEqualTo(1);
    }

    [Test]
    public async Task TryTake_EveryRangeInFlightBelowTwoFloors_ReturnsNull()
    {
        var scheduler = new RangeScheduler(12 * MiB, [], rangeSize: 32 * MiB, floor: 4 * MiB, workers: 2);
        var first = scheduler.TryTake()!;
        var second = scheduler.TryTake()!;

        // 6 MiB each: halves of 3 MiB would be below the floor.
        await Assert.That((Length(first), Length(second))).IsEqualTo((6 * MiB, 6 * MiB));
        await Assert.That(scheduler.TryTake()).IsNull();
    }

    [Test]
    public async Task Claim_AfterItsSecondHalfWasStolen_OnlyBytesUpToTheNewEnd()
    {
        var scheduler = new RangeScheduler(16 * MiB, [], rangeSize: 16 * MiB, floor: 4 * MiB, workers: 1);
        var victim = scheduler.TryTake()!;
        var stolen = scheduler.TryTake()!;

        Write(scheduler, victim, (int)(stolen.Start - MiB));
        var allowed = scheduler.Claim(victim, (int)(2 * MiB));

        await Assert.That(allowed).IsEqualTo((int)MiB);
        await Assert.That(victim.End).IsEqualTo(8 * MiB);
    }

    [Test]
    public async Task TryTake_WriteInProgress_NeverSplitsBelowTheClaimedBytes()
    {
        var scheduler = new RangeScheduler(16 * MiB, [], rangeSize: 16 * MiB, floor: 4 * MiB, workers: 1);
        var victim = scheduler.TryTake()!;
        var claimed = scheduler.Claim(victim, (int)(2 * MiB));

        var stolen = scheduler.TryTake()!;

        await Assert.That(claimed).IsEqualTo((int)(2 * MiB));
        await Assert.That(stolen.Start).IsEqualTo(2 * MiB + 7 * MiB);
        await Assert.That(victim.Position).IsEqualTo(0);
    }

    [Test]
    public async Task Restart_BytesAlreadyHashed_KeepsThemAndRewindsOnlyTheRest()
    {
        var scheduler = new RangeScheduler(8 * MiB, [], rangeSize: 8 * MiB, floor: 4 * MiB, workers: 1);
        var range = scheduler.TryTake()!;
        Write(scheduler, range, (int)(3 * MiB));
        var hashed = scheduler.ReserveForHashing(0, MiB, out _);

        var rewound = scheduler.Restart(range);

        await Assert.That(hashed).IsEqualTo(MiB);
        await Assert.That(range.Position).IsEqualTo(MiB);
        await Assert.That(rewound).IsEqualTo(2 * MiB);
    }

    [Test]
    public async Task ReserveForHashing_HoleBeforeLaterBytes_StopsAtTheHoleAndWakesWhenABatchIsWrittenThere()
    {
        var scheduler = new RangeScheduler(20 * MiB, [new ByteRange(0, 2 * MiB)], rangeSize: 4 * MiB, floor: 4 * MiB, workers: 2);
        var first = scheduler.TryTake()!;
        var second = scheduler.TryTake()!;
        Write(scheduler, second, (int)(2 * MiB));

        var end = scheduler.ReserveForHashing(0, 100 * MiB, out _);
        var stuck = scheduler.ReserveForHashing(end, 100 * MiB, out var progressed);
        var before = progressed.IsCompleted;
        Write(scheduler, first, 1000);
        var afterSmallWrite = progressed.IsCompleted;
        Write(scheduler, first, RangeScheduler.HashBatch);

        await Assert.That(first.Start).IsEqualTo(2 * MiB);
        await Assert.That(end).IsEqualTo(2 * MiB);
        await Assert.That(stuck).IsEqualTo(2 * MiB);
        // Bytes elsewhere (the second range) and a small write where it stands do not wake the hasher; a batch does.
        await Assert.That(before).IsFalse();
        await Assert.That(afterSmallWrite).IsFalse();
        await Assert.That(progressed.IsCompleted).IsTrue();
        await Assert.That(scheduler.ReserveForHashing(end, 100 * MiB, out _)).IsEqualTo(2 * MiB + 1000 + RangeScheduler.HashBatch);
    }

    [Test]
    public async Task ReserveForHashing_RangeWhereItWaitsEndsBelowABatch_WakesAtItsEnd()
    {
        var scheduler = new RangeScheduler(8 * MiB, [], rangeSize: 4 * MiB, floor: 4 * MiB, workers: 2);
        var first = scheduler.TryTake()!;
        Write(scheduler, first, (int)(4 * MiB) - 1000);
        var end = scheduler.ReserveForHashing(0, 100 * MiB, out _);
        scheduler.ReserveForHashing(end, 100 * MiB, out var progressed);

        Write(scheduler, first, 1000);

        await Assert.That(progressed.IsCompleted).IsTrue();
    }

    [Test]
    public async Task Written_SplitAndPartlyWrittenRanges_CoalescedAsOnDisk()
    {
        var scheduler = new RangeScheduler(16 * MiB, [new ByteRange(0, MiB)], rangeSize: 16 * MiB, floor: 4 * MiB, workers: 1);
        var victim = scheduler.TryTake()!;
        var stolen = scheduler.TryTake()!;
        Write(scheduler, victim, 1000);
        Write(scheduler, stolen, (int)Length(stolen));

        var written = scheduler.Written();

        await Assert.That(written).IsEquivalentTo(new[] { new ByteRange(0, MiB + 1000), new ByteRange(stolen.Start, 16 * MiB) });
        await Assert.That(scheduler.ContiguousPrefix()).IsEqualTo(MiB + 1000);
        await Assert.That(scheduler.WrittenBytes()).IsEqualTo(MiB + 1000 + Length(stolen));
    }

    [Test]
    public async Task Constructor_WrittenRangesFromSidecar_OnlyTheGapsAreHandedOut()
    {
        var scheduler = new RangeScheduler(10 * MiB, [new ByteRange(0, 3 * MiB), new ByteRange(5 * MiB, 6 * MiB)], rangeSize: 4 * MiB, floor: 4 * MiB, workers: 4);

        var ranges = TakeAllPending(scheduler, 10 * MiB - 4 * MiB);

        await Assert.That(ranges.Select(p => (p.Start, p.End))).IsEquivalentTo(new[] { (3 * MiB, 5 * MiB), (6 * MiB, 10 * MiB) });
    }

    /// <summary>Takes ranges until <paramref name="pending"/> bytes were handed out (steals start after that).</summary>
    private static List<ScheduledRange> TakeAllPending(RangeScheduler scheduler, long pending)
    {
        var ranges = new List<ScheduledRange>();
        for (var taken = 0L; taken < pending;)
        {
            var range = scheduler.TryTake()!;
            // Finished at once: nothing stays in flight to steal from, so every take comes from what is pending.
            Write(scheduler, range, (int)Length(range));
            scheduler.Complete(range);
            ranges.Add(range);
            taken += Length(range);
        }

        return ranges;
    }

    private static void Write(RangeScheduler scheduler, ScheduledRange range, int count) =>
        scheduler.Advance(range, scheduler.Claim(range, count));

    private static long Length(ScheduledRange range) => range.End - range.Start;
}
