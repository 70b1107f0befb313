using System.Diagnostics;

namespace DownloadModels.Transfer;

/// <summary>
/// When splitting a range in flight pays: the second half goes to a new request, which costs a round trip
/// before its first byte (and a connection that may have to be opened), so a split is worth it only when the
/// range would otherwise take clearly longer than that. On loopback a 25 MB range ends in milliseconds and is
/// never split; at 5 MB/s per connection it would take seconds, and is split down to about 500 kB (a range
/// asked for as less than <see cref="MinSplitLeft"/> is never split).
/// </summary>
/// <param name="PaysAfter">A range that would end sooner than this at its own rate is left alone.</param>
/// <param name="FallbackRate">Bytes per second one connection carries across the run (0: unknown): a new request's rate, and a young range's.</param>
/// <param name="MinFloor">The smallest piece a split may leave, whatever the rate.</param>
/// <param name="Ways">Connections that could share a range split now (the one on it, the one asking, and the run's free slots): a split cuts off one such share, so repeated splits leave equal pieces.</param>
/// <param name="FirstByte">How long a new request waits for its first byte (the run's average; zero when unknown): a piece is long enough to hide a few of them.</param>
internal readonly record struct SplitPolicy(TimeSpan PaysAfter, double FallbackRate, long MinFloor, int Ways = 2, TimeSpan FirstByte = default)
{
    /// <summary>A range's own rate is trusted once it has been measured over this long.</summary>
    public static readonly TimeSpan MeasureFor = TimeSpan.FromMilliseconds(20);

    /// <summary>A split is at least this much faster than waiting, whatever the round trip: splits that save less are not worth their requests.</summary>
    public static readonly TimeSpan MinPaysAfter = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// A piece is at least what one connection carries in this long (or in <see cref="FloorFirstBytes"/> waits for a
    /// first byte, when longer): its request's round trip stays a small share of it. At 5 MB/s a connection and a
    /// round trip of a few ms: 500 kB, so a 6 MB file is cut into about eight pieces, not five of 1.2 MB.
    /// </summary>
    public static readonly TimeSpan FloorTime = TimeSpan.FromMilliseconds(100);

    /// <summary>A piece takes at least this many first-byte waits: with 50 ms of latency, 150 ms of the link's rate.</summary>
    public const int FloorFirstBytes = 3;

    /// <summary>
    /// A range asked for as less than this is never split, whatever the floor (as a file under it is never split):
    /// a --chunk-size 1 range stays one request even when a loaded machine makes loopback look slow, and a piece a
    /// split cut is not cut again (the file's first range is, down to equal pieces).
    /// </summary>
    public const long MinSplitLeft = TransferSettings.MinRangedFileSize;

    /// <summary>
    /// The policy for a link with this per-connection rate and this wait for a first byte, for a file that may take
    /// <paramref name="fileRoom"/> more connections (its cap less those it has).
    /// </summary>
    public static SplitPolicy For(ConcurrencyController controller, long minFloor, int fileRoom) =>
        new(TimeSpan.FromTicks(Math.Max(MinPaysAfter.Ticks, 4 * controller.Latency.Ticks)), controller.PerConnectionRate, minFloor,
            2 + Math.Clamp(Math.Min(controller.Limit - controller.InFlight, fileRoom), 0, 1024), controller.Latency);

    /// <summary>
    /// How long the range would take to fetch its <paramref name="left"/> bytes at its rate, or null when that is not
    /// known yet. A range that has had no byte for longer than <see cref="PaysAfter"/> counts as stalled (infinitely slow).
    /// </summary>
    public double? SecondsLeft(ScheduledRange range, long left, long now)
    {
        if (RateOf(range, now) is not { } rate)
            return null;
        return rate <= 0 ? double.PositiveInfinity : left / rate;
    }

    /// <summary>
    /// The smallest piece a split may leave: what one connection of this link carries in <see cref="FloorTime"/> or
    /// <see cref="FloorFirstBytes"/> first-byte waits, whichever is longer (the new request runs at the link's rate, not
    /// at the rate of the range it splits), at least <see cref="MinFloor"/>; null (the scheduler's own floor) while
    /// that rate is unknown.
    /// </summary>
    public long? Floor => FallbackRate > 0
        ? Math.Max(MinFloor, (long)(FallbackRate * Math.Max(FloorTime.TotalSeconds, FloorFirstBytes * FirstByte.TotalSeconds)))
        : null;

    /// <summary>
    /// The same policy, with the rate a file's own ranges were measured at standing in for the link's per-connection
    /// rate while the controller has not measured one yet (its first window is not over): a file that is plainly
    /// slow is split at once, not only once the run's first measurement is in.
    /// </summary>
    public SplitPolicy OrMeasured(IEnumerable<ScheduledRange> ranges, long now)
    {
        if (FallbackRate > 0)
            return this;
        double bytes = 0, seconds = 0;
        foreach (var range in ranges)
        {
            if (Measured(range, now) is { } m)
                (bytes, seconds) = (bytes + m.Bytes, seconds + m.Seconds);
        }

        return seconds > 0 ? this with { FallbackRate = bytes / seconds } : this;
    }

    /// <summary>What a range received since its first byte, once that is long enough to trust (<see cref="MeasureFor"/>).</summary>
    private static (long Bytes, double Seconds)? Measured(ScheduledRange range, long now)
    {
        if (range.FirstByteAt == 0)
            return null;
        var seconds = (now - range.FirstByteAt) / (double)Stopwatch.Frequency;
        return seconds >= MeasureFor.TotalSeconds ? (range.Position - range.FirstBytePosition, seconds) : null;
    }

    private double? RateOf(ScheduledRange range, long now)
    {
        if (Measured(range, now) is { } measured)
            return measured.Bytes / measured.Seconds;
        if (range.FirstByteAt == 0 && range.TakenAt != 0 && (now - range.TakenAt) / (double)Stopwatch.Frequency > PaysAfter.TotalSeconds)
            return 0; // no byte yet, long after it was asked for
        // Not measured long enough to trust: the link's rate stands in.
        return FallbackRate > 0 ? FallbackRate : null;
    }
}
