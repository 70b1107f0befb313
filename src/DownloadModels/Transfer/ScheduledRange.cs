namespace DownloadModels.Transfer;

/// <summary>
/// One range of a ranged download: bytes from <see cref="Start"/> to <see cref="End"/>, written up to
/// <see cref="Position"/>. Ranges tile the file. Only <see cref="RangeScheduler"/> changes them, under its
/// lock; <see cref="Position"/> and <see cref="End"/> may be read without it (an End that a steal just
/// lowered is seen on the next read).
/// </summary>
internal sealed class ScheduledRange(long start, long end, RangeState state)
{
    private long _position = state == RangeState.Done ? end : start;
    private long _end = end;

    public long Start { get; } = start;

    /// <summary>The exclusive end; lowered when another connection steals the second half.</summary>
    public long End
    {
        get => Volatile.Read(ref _end);
        set => Volatile.Write(ref _end, value);
    }

    /// <summary>Every byte before this is written to the partial file.</summary>
    public long Position
    {
        get => Volatile.Read(ref _position);
        set => Volatile.Write(ref _position, value);
    }

    /// <summary>Position plus the bytes a write in progress is putting down: a steal never splits below it.</summary>
    public long Claimed { get; set; } = state == RangeState.Done ? end : start;

    public RangeState State { get; set; } = state;

    /// <summary>
    /// How long it was when a connection was given it (a steal may shorten it later): one asked for as under
    /// <see cref="SplitPolicy.MinSplitLeft"/> (a --chunk-size 1 range, a piece a split cut) is never split again.
    /// </summary>
    public long TakenLength { get; set; }

    /// <summary>When a connection took it (<see cref="System.Diagnostics.Stopwatch"/> ticks): a range with no byte long after is slow.</summary>
    public long TakenAt { get; set; }

    /// <summary>When its first byte of this take was written, and where: its rate is measured from there.</summary>
    public long FirstByteAt { get; set; }

    public long FirstBytePosition { get; set; }
}
