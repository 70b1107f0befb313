using System.Diagnostics;
using DownloadModels.Transfer;

namespace DownloadModels.Tests.Transfer;

/// <summary>
/// A file's probe for more connections (no network: time, the run's bytes and its requests in flight are fed in): on
/// a link that paces each connection the raised cap stays and the next raise follows; where the run's rate is not
/// per connection (loopback, a busy CPU) it goes back and holds, even when the file's own share grew; a file that does
/// not want more, or that the controller gave no slots, is never judged.
/// </summary>
public sealed class ConnectionProbeTests
{
    private static readonly long Tick = Stopwatch.Frequency / 100; // 10 ms a look

    [Test]
    public async Task Observe_EachAddedConnectionBringsItsShare_CapStaysRaised()
    {
        // The ceiling stops the next raise: what is left is the first probe's verdict (judged at 0.25 s).
        var probe = new ConnectionProbe(1, 8);

        var (cap, _) = Run(probe, perConnection: 50e6, total: null, seconds: 0.3);

        await Assert.That(cap).IsEqualTo(8);
        await Assert.That(probe.Saturated).IsFalse();
    }

    [Test]
    public async Task Observe_PacedLink_KeepsRaisingOneJudgingWindowApart()
    {
        var probe = new ConnectionProbe(1, 64);

        // Measure 100 ms, then settle 50 + judge 100 per raise: 1, 8 (0.1 s), 16 (0.25 s), 32 (0.4 s), 64 (0.55 s).
        var early = Run(probe, perConnection: 5e6, total: null, seconds: 0.3).Cap;
        var later = Run(new ConnectionProbe(1, 64), perConnection: 5e6, total: null, seconds: 0.6).Cap;

        await Assert.That(early).IsEqualTo(16);
        await Assert.That(later).IsEqualTo(64);
        await Assert.That(probe.Saturated).IsFalse();
    }

    [Test]
    public async Task Observe_RateDoesNotGrowWithConnections_CapGoesBackAndHolds()
    {
        var probe = new ConnectionProbe(8, 64);

        // Loopback: 800 MB/s whatever the number of connections.
        var (cap, now) = Run(probe, perConnection: null, total: 800e6, seconds: 0.3);
        var soonAfter = probe.Observe(now + Tick, new ConcurrencyController.RunTotals(0, 0), 8, wantsMore: true, TimeSpan.Zero);

        await Assert.That(cap).IsEqualTo(8);
        await Assert.That(soonAfter).IsEqualTo(8);
        await Assert.That(probe.Saturated).IsTrue();
    }

    [Test]
    public async Task Observe_FileTakesAShareFromOtherFiles_IsNoGain()
    {
        var probe = new ConnectionProbe(1, 64);

        // A CPU-bound run: 1 GB/s in all, shared by this file's connections and 10 of other files. The file's own
        // rate grows with its connections (from 1/11 of the total to 8/18), the run's does not.
        var (cap, _) = Run(probe, perConnection: null, total: 1e9, seconds: 0.3, others: 10);

        await Assert.That(cap).IsEqualTo(1);
        await Assert.That(probe.Saturated).IsTrue();
    }

    [Test]
    public async Task Observe_NoSplitWanted_NeverProbes()
    {
        var probe = new ConnectionProbe(8, 64);
        var caps = new List<int>();
        for (var i = 0; i < 100; i++)
            caps.Add(probe.Observe(i * Tick, new ConcurrencyController.RunTotals(i * 4_000_000L, i * 0.08), 8, wantsMore: false, TimeSpan.Zero));

        await Assert.That(caps.All(c => c == 8)).IsTrue();
    }

    [Test]
    public async Task Observe_AtTheCeiling_StaysThere()
    {
        var probe = new ConnectionProbe(8, 8);

        var (cap, _) = Run(probe, perConnection: 50e6, total: null, seconds: 0.3);

        await Assert.That(cap).IsEqualTo(8);
    }

    /// <summary>
    /// Feeds looks every 10 ms: the file keeps as many connections as the cap allows, beside <paramref name="others"/>
    /// requests of other files; each request brings <paramref name="perConnection"/> bytes a second, or all of them
    /// together <paramref name="total"/>. Returns the cap after <paramref name="seconds"/>, and the time then.
    /// </summary>
    private static (int Cap, long Now) Run(ConnectionProbe probe, double? perConnection, double? total, double seconds, int others = 0)
    {
        var (bytes, slotSeconds) = (0d, 0d);
        var cap = probe.Cap;
        var now = 0L;
        for (; now <= seconds * Stopwatch.Frequency; now += Tick)
        {
            cap = probe.Observe(now, new ConcurrencyController.RunTotals((long)bytes, slotSeconds), cap, wantsMore: true, TimeSpan.Zero);
            var inFlight = cap + others;
            bytes += (perConnection is { } each ? each * inFlight : total!.Value) * Tick / Stopwatch.Frequency;
            slotSeconds += inFlight * (double)Tick / Stopwatch.Frequency;
        }

        return (cap, now);
    }
}
