namespace DownloadModels.Transfer;

/// <summary>
/// Hands out the ranges of one ranged download to its connections so that all of them stay busy to the
/// end. The ranges tile the file in order. A free connection takes the lowest range nobody has taken yet,
/// sized so the last round is small (a share of what is left, between the steal floor and the range size);
/// when nothing is left to take, it splits the largest range still in flight and takes its second half
/// (work stealing, as aria2c does), as long as both halves keep at least the floor. The owner of the split
/// range sees its end move down and stops there.
/// <para>
/// It also tells the hasher how far the file is written without a hole, and keeps every byte the hasher
/// has read from being written again, so the hash is always of the bytes that end up in the file.
/// </para>
/// </summary>
internal sealed class RangeScheduler
{
    private readonly Lock _gate = new();
    private readonly List<ScheduledRange> _ranges = [];
    private readonly long _size;
    private readonly long _rangeSize;
    private readonly long _floor;
    private int _workers;
    private long _pendingBytes;
    private long _hashReserved;
    private bool _hasherWaiting;
    private long _hasherAt;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="written">Ranges already on disk (coalesced), e.g. from the sidecar.</param>
    /// <param name="floor">A steal never leaves a range smaller than this; ranges taken are at least this long too, but for a gap shorter than it and the last two of a gap, which may share a rest (three quarters of the floor at least).</param>
    /// <param name="workers">Connections sharing the file: the last round is cut into this many shares.</param>
    public RangeScheduler(long size, IReadOnlyList<ByteRange> written, long rangeSize, long floor, int workers)
    {
        _size = size;
        _rangeSize = Math.Max(1, rangeSize);
        _floor = Math.Clamp(floor, 1, _rangeSize);
        _workers = Math.Max(1, workers);
        var at = 0L;
        foreach (var range in written)
        {
            AddPending(at, range.Start);
            _ranges.Add(new ScheduledRange(range.Start, range.End, RangeState.Done));
            at = range.End;
        }

        AddPending(at, size);
    }

    /// <summary>Bytes written so far (what a resumed run starts with, and what progress counts from).</summary>
    public long WrittenBytes()
    {
        lock (_gate)
            return _ranges.Sum(p => p.Position - p.Start);
    }

    /// <summary>How many ranges have been handed out by splitting another: for logs and tests.</summary>
    public int Steals { get; private set; }

    /// <summary>The next range for a free connection, or null when every remaining range is too small to share.</summary>
    public ScheduledRange? TryTake() => TryTake(null, out _);

    /// <summary>
    /// The next range for a free connection: the lowest one not taken yet, else the second half of the range in
    /// flight that would end last, when <paramref name="split"/> says splitting it pays (null: whenever both halves
    /// keep the floor). <paramref name="beyondPrefix"/> tells whether the range starts past the hole-free written
    /// prefix: from then on the partial file has holes and needs its record.
    /// </summary>
    public ScheduledRange? TryTake(SplitPolicy? split, out bool beyondPrefix)
    {
        lock (_gate)
        {
            var range = TakePending() ?? Steal(split);
            beyondPrefix = range is not null && range.Start > ContiguousEnd(0);
            if (range is not null)
                range.TakenAt = System.Diagnostics.Stopwatch.GetTimestamp();
            return range;
        }
    }

    /// <summary>Whether one more connection would find work that pays: a range not taken yet (when <paramref name="pending"/>), or a split that pays.</summary>
    public bool WantsAnother(SplitPolicy split, bool pending = true)
    {
        lock (_gate)
            return (pending && _pendingBytes > 0) || FindVictim(split) >= 0;
    }

    /// <summary>
    /// Whether <paramref name="range"/> is all that is left of the file and reaches its end: the file is one stream
    /// still (its partial a plain prefix), and its request may ask for the rest of the file as a stream's does.
    /// </summary>
    public bool IsOnlyRangeLeft(ScheduledRange range)
    {
        lock (_gate)
            return range.End == _size && _ranges.TrueForAll(r => ReferenceEquals(r, range) || r.State == RangeState.Done);
    }

    /// <summary>Whether some of the file is not asked for yet (no connection has taken it).</summary>
    public bool HasPending
    {
        get
        {
            lock (_gate)
                return _pendingBytes > 0;
        }
    }

    /// <summary>Connections on the file now: the last round of ranges is cut into this many shares.</summary>
    public void SetConnections(int connections)
    {
        lock (_gate)
            _workers = Math.Max(1, connections);
    }

    /// <summary>
    /// Before a write of <paramref name="count"/> bytes at the range's position: how many of them still belong
    /// to it (fewer when a steal moved its end down). A steal never splits below the bytes claimed here.
    /// </summary>
    public int Claim(ScheduledRange range, int count)
    {
        lock (_gate)
        {
            var allowed = (int)Math.Clamp(range.End - range.Position, 0, count);
            range.Claimed = range.Position + allowed;
            return allowed;
        }
    }

    /// <summary>
    /// The hasher waits until this much more is written where it stands (or that range ends): a wake-up per
    /// socket read would cost more than the hashing.
    /// </summary>
    public const int HashBatch = 1024 * 1024;

    /// <summary>After a claimed write: the bytes are on disk.</summary>
    public void Advance(ScheduledRange range, int count)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            if (range.FirstByteAt == 0)
                (range.FirstByteAt, range.FirstBytePosition) = (System.Diagnostics.Stopwatch.GetTimestamp(), range.Position);
            range.Position += count;
            range.Claimed = range.Position;
            // Only the range the hasher stands in can let it go on; others it reaches later, from disk.
            if (_hasherWaiting && range.Start <= _hasherAt && _hasherAt < range.End
                && (range.Position - _hasherAt >= HashBatch || range.Position == range.End))
            {
                _hasherWaiting = false;
                wake = _progress;
                _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        wake?.SetResult();
    }

    public void Complete(ScheduledRange range)
    {
        lock (_gate)
            range.State = RangeState.Done;
    }

    /// <summary>
    /// Starts a range over after the server misbehaved, but never below what the hasher has read: those bytes
    /// stay as they were hashed. Returns how many bytes were given up.
    /// </summary>
    public long Restart(ScheduledRange range)
    {
        lock (_gate)
        {
            var keep = Math.Clamp(_hashReserved, range.Start, range.Position);
            var rewound = range.Position - keep;
            range.Position = keep;
            range.Claimed = keep;
            return rewound;
        }
    }

    /// <summary>The written ranges, coalesced: what the sidecar records.</summary>
    public IReadOnlyList<ByteRange> Written()
    {
        lock (_gate)
            return ByteRange.Coalesce(_ranges.Select(p => new ByteRange(p.Start, p.Position)));
    }

    public long ContiguousPrefix()
    {
        lock (_gate)
            return ContiguousEnd(0);
    }

    /// <summary>
    /// For the hasher: the end (at most <paramref name="max"/> bytes on) of the hole-free written run starting
    /// at <paramref name="from"/>. Bytes up to it are never written again. Equal to <paramref name="from"/> when
    /// nothing new is there; then <paramref name="progress"/> completes once <see cref="HashBatch"/> more bytes
    /// (or the rest of that range) are written there.
    /// </summary>
    public long ReserveForHashing(long from, long max, out Task progress)
    {
        lock (_gate)
        {
            var end = Math.Min(ContiguousEnd(from), from + max);
            _hashReserved = Math.Max(_hashReserved, end);
            _hasherWaiting = end == from;
            _hasherAt = from;
            progress = _progress.Task;
            return end;
        }
    }

    private ScheduledRange? TakePending()
    {
        var index = _ranges.FindIndex(p => p.State == RangeState.Pending);
        if (index < 0)
            return null;
        var range = _ranges[index];
        // A share of what is left, so the last ranges are small and every connection ends at about the same time.
        var take = Math.Clamp((_pendingBytes + _workers - 1) / _workers, _floor, _rangeSize);
        var length = range.End - range.Start;
        // A rest below the floor goes along, unless that makes a range half as long again as the others:
        // then the two share it (the last range of all must not be the one that ends last).
        if (length - take < _floor)
            take = length > take + (take / 2) ? length / 2 : length;
        if (take < length)
        {
            _ranges.Insert(index + 1, new ScheduledRange(range.Start + take, range.End, RangeState.Pending));
            range.End = range.Start + take;
        }

        _pendingBytes -= range.End - range.Start;
        range.State = RangeState.Active;
        range.TakenLength = range.End - range.Start;
        return range;
    }

    /// <summary>
    /// Splits the range in flight that would end last, when both parts keep the floor (and the policy says it pays).
    /// Without a policy the new range takes the second half; with one, it takes one share of what is left for as
    /// many connections as could work on it now (<see cref="SplitPolicy.Ways"/>, at most as many as the floor
    /// allows), so that splits in a row leave equal pieces rather than halves of halves.
    /// </summary>
    private ScheduledRange? Steal(SplitPolicy? split)
    {
        var index = FindVictim(split);
        if (index < 0)
            return null;
        var victim = _ranges[index];
        var left = victim.End - victim.Claimed;
        var ways = 2L;
        if (split is { } policy && policy.OrMeasured(_ranges.Where(r => r.State == RangeState.Active), System.Diagnostics.Stopwatch.GetTimestamp()).Floor is { } rateFloor)
            ways = Math.Clamp(left / Math.Max(1, Math.Min(_floor, rateFloor)), 2, Math.Max(2, policy.Ways));
        var cut = victim.End - (left / ways);
        var stolen = new ScheduledRange(cut, victim.End, RangeState.Active) { TakenLength = victim.End - cut };
        victim.End = cut;
        _ranges.Insert(index + 1, stolen);
        Steals++;
        return stolen;
    }

    /// <summary>
    /// The range to split: without a policy, the one with the most bytes left (at least twice the floor). With
    /// one, the one that would end last at its own rate, if that is later than the policy's pay-off time, it was
    /// asked for as at least <see cref="SplitPolicy.MinSplitLeft"/>, and both halves keep the floor that rate calls for.
    /// </summary>
    private int FindVictim(SplitPolicy? split)
    {
        var index = -1;
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        split = split?.OrMeasured(_ranges.Where(r => r.State == RangeState.Active), now);
        var most = split is null ? (2 * _floor) - 1 : 0d;
        for (var i = 0; i < _ranges.Count; i++)
        {
            var r = _ranges[i];
            if (r.State != RangeState.Active)
                continue;
            var left = r.End - r.Claimed;
            if (split is not { } policy)
            {
                if (left > most)
                    (index, most) = (i, left);
                continue;
            }

            if (policy.SecondsLeft(r, left, now) is not { } seconds || seconds <= policy.PaysAfter.TotalSeconds)
                continue;
            if (r.TakenLength < SplitPolicy.MinSplitLeft || left < 2 * Math.Min(_floor, policy.Floor ?? _floor) || seconds <= most)
                continue;
            (index, most) = (i, seconds);
        }

        return index;
    }

    private void AddPending(long start, long end)
    {
        if (end <= start)
            return;
        _ranges.Add(new ScheduledRange(start, end, RangeState.Pending));
        _pendingBytes += end - start;
    }

    /// <summary>Walks the tiling from the range holding <paramref name="from"/> while ranges are complete.</summary>
    private long ContiguousEnd(long from)
    {
        var index = _ranges.FindIndex(p => p.End > from);
        if (index < 0)
            return _size;
        for (; index < _ranges.Count; index++)
        {
            var range = _ranges[index];
            if (range.Position < range.End)
                return Math.Max(from, range.Position);
        }

        return _size;
    }
}
