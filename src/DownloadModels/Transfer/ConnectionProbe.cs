using System.Diagnostics;

namespace DownloadModels.Transfer;

/// <summary>
/// How many connections a file that still has ranges not asked for yet may keep: <c>start</c>, raised by probes
/// that pay. While the file would take more (a split would pay), it measures the run's rate and requests in flight
/// for a <see cref="Window"/>, doubles its cap (or raises it to <see cref="FirstRaise"/>), lets the new connections
/// reach their first byte, and measures again:
/// when each added request brought the run at least half of what one brought before (a link that paces each
/// connection), the cap stays raised and the next probe starts from that measurement at once; when not (loopback, a
/// busy CPU or disk: the rate is not per connection), the cap goes back and holds for <see cref="HoldAfterNoGain"/>.
/// <para>
/// The probe is judged by the run's rate, not the file's: where the bottleneck is shared (a CPU-bound loopback), a
/// file with more connections takes a larger share from the files beside it, which its own rate would count as a gain
/// (on the default model set it did, and eight connections per large file made the run 5-8% slower than one each).
/// </para>
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

    /// <summary>
    /// A probe at least raises the cap to this (what every large file took at once before files started with
    /// <see cref="TransferSettings.StartingFileConnections"/>), and doubles it after: a paced link is back at 8 within one
    /// judging window (0.25 s) and ramps 16, 32 … as before; a CPU-bound run is judged between 1 and 8, a clear answer.
    /// </summary>
    public const int FirstRaise = TransferSettings.DefaultPendingConnections;

    private Phase _phase;
    private long _phaseStart;
    private ConcurrencyController.RunTotals _phaseTotals;
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
    /// Called on every look (a few times per window) with the run's totals so far (<see cref="ConcurrencyController.Totals"/>),
    /// the file's connections, whether it would take one more, and how long a new connection waits for its first
    /// byte; returns the cap.
    /// </summary>
    public int Observe(long now, ConcurrencyController.RunTotals run, int active, bool wantsMore, TimeSpan firstByte)
    {
        switch (_phase)
        {
            case Phase.Idle:
                if (wantsMore && active >= Cap && Cap < max && now >= _holdUntil)
                    Begin(Phase.Measuring, now, run);
                break;
            case Phase.Measuring:
                if (!wantsMore || active < Cap)
                {
                    _phase = Phase.Idle; // not at its cap all along: no fair base to compare with
                    break;
                }

                if (Elapsed(now) >= Window)
                    Raise(now, run, Rate(now, run), Connections(now, run));
                break;
            case Phase.Settling:
                // The new connections ask, wait a round trip, and only then bring bytes.
                if (Elapsed(now) >= Settle + firstByte + firstByte)
                    Begin(Phase.Judging, now, run);
                break;
            case Phase.Judging:
                if (Elapsed(now) >= Window)
                    Judge(now, run, Rate(now, run), Connections(now, run), wantsMore && active >= Cap);
                break;
        }

        return Cap;
    }

    /// <summary>Doubles the cap (to <see cref="FirstRaise"/> at least) against this measurement of the run.</summary>
    private void Raise(long now, ConcurrencyController.RunTotals run, double rate, double connections)
    {
        (_baseRate, _baseConnections, _before) = (rate, connections, Cap);
        Cap = Math.Min(max, Math.Max(FirstRaise, 2 * Cap));
        Begin(Phase.Settling, now, run);
    }

    private void Judge(long now, ConcurrencyController.RunTotals run, double rate, double connections, bool wantsMore)
    {
        _phase = Phase.Idle;
        if (connections < _baseConnections + 1)
        {
            // The controller had no slots for them (or other files gave theirs back meanwhile): nothing to judge; try again later.
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
        else if (wantsMore && Cap < max)
        {
            // Paid, and the file would take more: this measurement is the next probe's base (a paced link ramps up
            // one judging window per step, not two).
            Raise(now, run, rate, connections);
        }
    }

    private void Hold(long now) => _holdUntil = now + (long)(HoldAfterNoGain.TotalSeconds * Stopwatch.Frequency);

    private void Begin(Phase phase, long now, ConcurrencyController.RunTotals run)
    {
        (_phase, _phaseStart, _phaseTotals) = (phase, now, run);
    }

    private TimeSpan Elapsed(long now) => TimeSpan.FromSeconds((now - _phaseStart) / (double)Stopwatch.Frequency);

    private double Seconds(long now) => Math.Max(1e-6, (now - _phaseStart) / (double)Stopwatch.Frequency);

    private double Rate(long now, ConcurrencyController.RunTotals run) => (run.Bytes - _phaseTotals.Bytes) / Seconds(now);

    private double Connections(long now, ConcurrencyController.RunTotals run) => (run.SlotSeconds - _phaseTotals.SlotSeconds) / Seconds(now);
}
