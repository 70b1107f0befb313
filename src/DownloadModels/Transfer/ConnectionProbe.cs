using System.Diagnostics;

namespace DownloadModels.Transfer;

/// <summary>
/// How many connections a file that still has ranges not asked for yet may keep: <c>start</c> (what a large
/// file always had), raised by probes that pay. While the file would take more (a split would pay), it measures
/// its own rate for a <see cref="Window"/>, doubles its cap, lets the new connections reach their first byte,
/// and measures again: when each added connection brought at least half of what one brought before (a link
/// that paces each connection), the cap stays raised and the next probe may follow; when not (loopback, a busy
/// CPU or disk: the rate is not per connection), the cap goes back and holds for <see cref="HoldAfterNoGain"/>.
/// The run's <see cref="ConcurrencyController"/> still decides whether a slot is free; this decides whether the
/// file asks. Files without ranges left to take (a file of a few MiB split in flight, the last ranges of a large
/// one) are not held to it, there a split shortens the file's end, unless a probe of the same file found that
/// more connections do not pay (<see cref="Saturated"/>).
/// </summary>
/// <param name="start">The cap before any probe (at least 1).</param>
/// <param name="max">The cap a probe never passes (--connections, or the controller's ceiling).</param>
internal sealed class ConnectionProbe(int start, int max)
{
    /// <summary>How long each of the two measurements lasts.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    /// <summary>Between the two: the new connections open and ask; then each waits a round trip or two for its first byte.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(50);

    /// <summary>After a probe that did not pay, how long the cap stays before the next one.</summary>
    public static readonly TimeSpan HoldAfterNoGain = TimeSpan.FromSeconds(3);

    /// <summary>A probe pays when each added connection brings at least this share of what one brought before.</summary>
    private const double MarginalGain = 0.5;

    private Phase _phase;
    private long _phaseStart;
    private long _phaseBytes;
    private double _activeSum;
    private int _samples;
    private double _baseRate;
    private double _baseConnections;
    private int _before;
    private long _holdUntil;

    private enum Phase
    {
        Idle,
        Measuring,
        Settling,
        Judging,
    }

    /// <summary>Connections the file may keep while it has ranges not asked for yet.</summary>
    public int Cap { get; private set; } = Math.Clamp(start, 1, Math.Max(1, max));

    /// <summary>
    /// A probe found that more connections did not pay: the file's last ranges are then shared by the connections it
    /// has (work stealing) rather than by more of them.
    /// </summary>
    public bool Saturated { get; private set; }

    /// <summary>
    /// Called on every look (a few times per window) with the file's bytes received so far, its connections,
    /// whether it would take one more, and how long a new connection waits for its first byte; returns the cap.
    /// </summary>
    public int Observe(long now, long bytes, int active, bool wantsMore, TimeSpan firstByte)
    {
        switch (_phase)
        {
            case Phase.Idle:
                if (wantsMore && active >= Cap && Cap < max && now >= _holdUntil)
                    Begin(Phase.Measuring, now, bytes);
                break;
            case Phase.Measuring:
                if (!wantsMore || active < Cap)
                {
                    _phase = Phase.Idle; // not at its cap all along: no fair base to compare with
                    break;
                }

                Sample(active);
                if (Elapsed(now) >= Window)
                {
                    (_baseRate, _baseConnections, _before) = (Rate(now, bytes), _activeSum / _samples, Cap);
                    Cap = Math.Min(max, 2 * Cap);
                    Begin(Phase.Settling, now, bytes);
                }

                break;
            case Phase.Settling:
                // The new connections ask, wait a round trip, and only then bring bytes.
                if (Elapsed(now) >= Settle + firstByte + firstByte)
                    Begin(Phase.Judging, now, bytes);
                break;
            case Phase.Judging:
                Sample(active);
                if (Elapsed(now) >= Window)
                    Judge(now, Rate(now, bytes), _activeSum / _samples);
                break;
        }

        return Cap;
    }

    private void Judge(long now, double rate, double connections)
    {
        _phase = Phase.Idle;
        if (connections < _baseConnections + 1)
        {
            // The controller had no slots for them: nothing to judge; try again later.
            Cap = _before;
            Hold(now);
            return;
        }

        var marginal = (rate - _baseRate) / (connections - _baseConnections);
        if (marginal < MarginalGain * _baseRate / Math.Max(1, _baseConnections))
        {
            Cap = _before;
            Saturated = true;
            Hold(now);
        }
    }

    private void Hold(long now) => _holdUntil = now + (long)(HoldAfterNoGain.TotalSeconds * Stopwatch.Frequency);

    private void Begin(Phase phase, long now, long bytes)
    {
        (_phase, _phaseStart, _phaseBytes, _activeSum, _samples) = (phase, now, bytes, 0, 0);
    }

    private void Sample(int active)
    {
        _activeSum += active;
        _samples++;
    }

    private TimeSpan Elapsed(long now) => TimeSpan.FromSeconds((now - _phaseStart) / (double)Stopwatch.Frequency);

    private double Rate(long now, long bytes) => (bytes - _phaseBytes) / Math.Max(1e-6, (now - _phaseStart) / (double)Stopwatch.Frequency);
}
