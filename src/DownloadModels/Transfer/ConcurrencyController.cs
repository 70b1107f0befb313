using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace DownloadModels.Transfer;

/// <summary>
/// How many requests a run keeps in flight, adapted to the link: a semaphore whose size (<see cref="Limit"/>)
/// grows while the aggregate rate grows with it and steps back when it stops paying or the server pushes back.
/// One instance per run, shared by everything that fetches (HTTP ranges and whole files here; the Xet client's
/// xorb range fetches use the same type).
/// <para>API (all members thread-safe):</para>
/// <list type="bullet">
/// <item><see cref="AcquireAsync"/>: wait (first come, first served) for a slot; dispose the <see cref="ConnectionLease"/> to give it back.</item>
/// <item><see cref="TryAcquire"/>: a slot now or nothing (for optional extra connections, e.g. one more range of a
///   file already in flight); a refusal counts as demand the limit could not meet. New requests waiting in
///   <see cref="AcquireAsync"/> go first.</item>
/// <item><see cref="Transferred"/>: report bytes received (from the read loop; one interlocked add).</item>
/// <item><see cref="FirstByte"/>: report how long a request waited for its first body byte (the round trip).</item>
/// <item><see cref="Congested"/>: report a 429, a 5xx, a reset or a stall: the limit drops by half (once per window)
///   and holds a while before growing again.</item>
/// <item><see cref="ConnectionLease.OverLimit"/>: a holder that keeps its slot across several requests checks
///   it between them and gives the slot back when the limit has dropped below what is in flight.</item>
/// <item>Read-only estimates: <see cref="Limit"/>, <see cref="InFlight"/>, <see cref="PerConnectionRate"/> and
///   <see cref="Latency"/> (what splitting decisions weigh a new request against), and <see cref="Totals"/> (what a
///   file's <see cref="ConnectionProbe"/> judges its own probes by: the run's rate, not the file's).</item>
/// </list>
/// <para>
/// The rule: every <see cref="Window"/> the aggregate rate and the average number of requests in flight are
/// measured. While demand exceeds the limit, the limit doubles; once the added connections are in use and have
/// had time for their first bytes (a window that mostly waited for them is not judged), their marginal rate is
/// compared with the average rate per connection before the growth: when they bring at
/// least half of it, the growth paid and the limit grows again; when not, the limit goes back to where it
/// paid and stays there for <see cref="HoldAfterNoGain"/> before it probes again. Bounds: between
/// <c>min</c> and <c>max</c>, whatever is measured.
/// </para>
/// </summary>
internal sealed class ConcurrencyController
{
    /// <summary>How long one measurement lasts: long enough to average many reads, short enough to ramp up within a second.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    /// <summary>After a growth that did not pay, how long the limit stays before it probes again.</summary>
    public static readonly TimeSpan HoldAfterNoGain = TimeSpan.FromSeconds(3);

    /// <summary>After a server's push-back (429, 5xx, reset), how long the limit stays down before it grows again.</summary>
    public static readonly TimeSpan HoldAfterCongestion = TimeSpan.FromSeconds(2);

    /// <summary>A growth pays when each added connection brings at least this share of what one brought before.</summary>
    private const double MarginalGain = 0.5;

    /// <summary>
    /// A window judges a growth only when at most this share of it went by before the added connections could have
    /// their first bytes (two first-byte waits after the growth: the files' next look for a slot, then a round trip).
    /// </summary>
    private const double UnsettledShare = 0.2;

    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _waiters = [];
    private readonly long _windowTicks = (long)(Window.TotalSeconds * Stopwatch.Frequency);
    private readonly int _min;
    private readonly int _max;
    private int _limit;
    private int _inFlight;
    private long _bytes;

    // Under _gate: the window being measured.
    private long _windowStart = Stopwatch.GetTimestamp(); // read without the gate by Transferred
    private long _windowBytes;
    private double _windowHeldTicks; // _heldTicks when the window started
    private double _heldTicks; // since the start: slots held × time
    private long _lastChange = Stopwatch.GetTimestamp();
    private bool _demand;

    // Under _gate: what the last measurement that paid saw, and until when the limit holds still.
    private Sample? _baseline;
    private long _holdUntil;
    private long _grownAt;
    private long _lastCut;
    private double _perConnection;
    private double _latencySeconds;

    /// <param name="initial">The limit to start from (clamped into the bounds).</param>
    /// <param name="min">The limit never drops below this (at least 1).</param>
    /// <param name="max">The limit never grows past this (a user's cap, e.g. --max-connections).</param>
    public ConcurrencyController(int initial, int min, int max)
    {
        _max = Math.Max(1, max);
        _min = Math.Clamp(min, 1, _max);
        _limit = Math.Clamp(initial, _min, _max);
    }

    /// <summary>Requests allowed in flight now.</summary>
    public int Limit
    {
        get
        {
            lock (_gate)
                return _limit;
        }
    }

    /// <summary>Slots held now.</summary>
    public int InFlight
    {
        get
        {
            lock (_gate)
                return _inFlight;
        }
    }

    /// <summary>Bytes per second one connection carried in the last measured window (0 until known).</summary>
    public double PerConnectionRate
    {
        get
        {
            lock (_gate)
                return _perConnection;
        }
    }

    /// <summary>Average wait for a request's first body byte (zero until one was reported).</summary>
    public TimeSpan Latency
    {
        get
        {
            lock (_gate)
                return TimeSpan.FromSeconds(_latencySeconds);
        }
    }

    /// <summary>
    /// Bytes received by every holder since the start, and the slot-seconds held meanwhile (slots × time): between two
    /// readings, the run's rate and its average requests in flight.
    /// </summary>
    public RunTotals Totals()
    {
        lock (_gate)
        {
            Account(Stopwatch.GetTimestamp());
            return new RunTotals(Interlocked.Read(ref _bytes), _heldTicks / Stopwatch.Frequency);
        }
    }

    /// <summary>Waits for a slot, in arrival order.</summary>
    public ValueTask<ConnectionLease> AcquireAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Waiter? waiter = null;
        ConnectionLease? lease = null;
        List<Waiter> granted;
        lock (_gate)
        {
            granted = Tick();
            if (_waiters.Count == 0 && _inFlight < _limit)
            {
                lease = Grant();
            }
            else
            {
                _demand = true;
                waiter = new Waiter();
                waiter.Node = _waiters.AddLast(waiter);
                granted.AddRange(GrantWaiters());
            }
        }

        Complete(granted);
        if (lease is not null)
            return ValueTask.FromResult(lease);
        if (ct.CanBeCanceled)
            waiter!.Registration = ct.Register(() => Cancel(waiter, ct));
        return new ValueTask<ConnectionLease>(waiter!.Completion.Task);
    }

    /// <summary>A slot at once, or false (and the refusal is counted as demand) when none is free or others wait.</summary>
    public bool TryAcquire([NotNullWhen(true)] out ConnectionLease? lease)
    {
        List<Waiter> granted;
        lock (_gate)
        {
            granted = Tick();
            if (_waiters.Count == 0 && _inFlight < _limit)
                lease = Grant();
            else
            {
                _demand = true;
                lease = null;
            }
        }

        Complete(granted);
        return lease is not null;
    }

    /// <summary>Bytes received by any holder.</summary>
    public void Transferred(long bytes)
    {
        Interlocked.Add(ref _bytes, bytes);
        // A long stream with nobody asking for slots still closes its windows: the rate estimates stay current.
        if (Stopwatch.GetTimestamp() - Volatile.Read(ref _windowStart) < _windowTicks)
            return;
        List<Waiter> granted;
        lock (_gate)
            granted = Tick();
        Complete(granted);
    }

    /// <summary>How long a request waited for its first body byte.</summary>
    public void FirstByte(TimeSpan elapsed)
    {
        lock (_gate)
            _latencySeconds = _latencySeconds == 0 ? elapsed.TotalSeconds : (0.8 * _latencySeconds) + (0.2 * elapsed.TotalSeconds);
    }

    /// <summary>The server pushed back (429, 5xx, a reset, a stall): fewer requests in flight for a while.</summary>
    public void Congested()
    {
        List<Waiter> granted;
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            // A burst of failures (every connection reset at once) is one signal, not one per request.
            if (now - _lastCut < _windowTicks)
                return;
            _lastCut = now;
            SetLimit(Math.Max(_min, _limit / 2), now);
            _baseline = null;
            _holdUntil = now + (long)(HoldAfterCongestion.TotalSeconds * Stopwatch.Frequency);
            granted = GrantWaiters();
        }

        Complete(granted);
    }

    private void Release()
    {
        List<Waiter> granted;
        lock (_gate)
        {
            granted = Tick();
            Account(Stopwatch.GetTimestamp());
            _inFlight--;
            granted.AddRange(GrantWaiters());
        }

        Complete(granted);
    }

    private bool IsOverLimit()
    {
        lock (_gate)
            return _inFlight > _limit;
    }

    private ConnectionLease Grant()
    {
        var now = Stopwatch.GetTimestamp();
        if (_inFlight == 0 && Interlocked.Read(ref _bytes) == _windowBytes)
        {
            // Idle until now (the run was planning, or between files): the window measures from the first request.
            (_windowStart, _lastChange, _windowHeldTicks) = (now, now, _heldTicks);
        }

        Account(now);
        _inFlight++;
        return new ConnectionLease(this);
    }

    private List<Waiter> GrantWaiters()
    {
        var granted = new List<Waiter>();
        while (_waiters.First is { } first && _inFlight < _limit)
        {
            _waiters.RemoveFirst();
            first.Value.Lease = Grant();
            granted.Add(first.Value);
        }

        return granted;
    }

    private static void Complete(List<Waiter> granted)
    {
        foreach (var waiter in granted)
        {
            waiter.Registration.Dispose();
            if (!waiter.Completion.TrySetResult(waiter.Lease!))
                waiter.Lease!.Dispose(); // cancelled meanwhile: the slot goes back
        }
    }

    private void Cancel(Waiter waiter, CancellationToken ct)
    {
        lock (_gate)
        {
            if (waiter.Lease is not null || waiter.Node?.List is null)
                return; // granted already: the grant completes it
            _waiters.Remove(waiter.Node);
        }

        waiter.Completion.TrySetCanceled(ct);
    }

    /// <summary>Time-weighted requests in flight since the last change.</summary>
    private void Account(long now)
    {
        _heldTicks += _inFlight * (double)(now - _lastChange);
        _lastChange = now;
    }

    /// <summary>Under the gate: closes the window when it is over and adapts the limit to what it saw; returns the waiters a growth let in (to complete outside the gate).</summary>
    private List<Waiter> Tick()
    {
        var now = Stopwatch.GetTimestamp();
        var elapsed = now - _windowStart;
        if (elapsed < _windowTicks)
            return [];
        Account(now);
        var total = Interlocked.Read(ref _bytes);
        var seconds = elapsed / (double)Stopwatch.Frequency;
        var sample = new Sample((total - _windowBytes) / seconds, (_heldTicks - _windowHeldTicks) / elapsed, _limit);
        var demand = _demand;
        var windowStart = _windowStart;
        _windowStart = now;
        _windowBytes = total;
        _windowHeldTicks = _heldTicks;
        _demand = false;
        if (sample.Connections >= 0.5 && sample.Rate > 0)
            _perConnection = sample.Rate / sample.Connections;
        Adapt(sample, demand, windowStart, now);
        return GrantWaiters();
    }

    private void Adapt(Sample sample, bool demand, long windowStart, long now)
    {
        if (now < _holdUntil || !demand)
            return;
        if (_baseline is not { } before)
        {
            _baseline = sample;
            Grow(now);
            return;
        }

        // The last growth is not in use yet (new connections still starting): judge it later.
        if (sample.Connections < before.Connections + Math.Max(1, 0.1 * before.Connections))
            return;
        // The added connections held their slots but spent much of this window waiting for their first bytes (a
        // distant CDN, a loaded machine): what they bring is not known yet, judge it on the next window.
        var settled = _grownAt + (long)(2 * _latencySeconds * Stopwatch.Frequency);
        if (settled - windowStart > UnsettledShare * (now - windowStart))
            return;
        var marginal = (sample.Rate - before.Rate) / (sample.Connections - before.Connections);
        if (marginal >= MarginalGain * before.Rate / Math.Max(0.5, before.Connections))
        {
            _baseline = sample;
            Grow(now);
        }
        else
        {
            SetLimit(Math.Max(_min, before.Limit), now);
            _baseline = null;
            _holdUntil = now + (long)(HoldAfterNoGain.TotalSeconds * Stopwatch.Frequency);
        }
    }

    private void Grow(long now)
    {
        SetLimit(Math.Min(_max, Math.Max(_limit + 2, 2 * _limit)), now);
        _grownAt = now;
    }

    private void SetLimit(int limit, long now)
    {
        Account(now);
        _limit = limit;
    }

    private readonly record struct Sample(double Rate, double Connections, int Limit);

    /// <summary>What <see cref="Totals"/> returns: bytes received and slot-seconds held since the run started.</summary>
    internal readonly record struct RunTotals(long Bytes, double SlotSeconds);

    private sealed class Waiter
    {
        // Asynchronous continuations: a release never runs the next holder's code under the gate.
        public TaskCompletionSource<ConnectionLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public ConnectionLease? Lease { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }

    /// <summary>One slot of a <see cref="ConcurrencyController"/>; disposing it gives the slot back (once).</summary>
    internal sealed class ConnectionLease(ConcurrencyController owner) : IDisposable
    {
        private int _released;

        /// <summary>True when the limit dropped below the slots held: a holder between two requests should give this one back.</summary>
        public bool OverLimit => owner.IsOverLimit();

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                owner.Release();
        }
    }
}
