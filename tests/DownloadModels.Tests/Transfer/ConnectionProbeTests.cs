using System.Diagnostics;
using DownloadModels.Transfer;

namespace DownloadModels.Tests.Transfer;

/// <summary>
/// A file's probe for more connections (no network: time and bytes are fed in): on a link that paces each
/// connection the doubled cap stays; where the rate is not per connection (loopback, a busy CPU) it goes back and
/// holds; a file that does not want more, or that the controller gave no slots, is never judged.
/// </summary>
public sealed class ConnectionProbeTests
{
    private static readonly long Tick = Stopwatch.Frequency / 100; // 10 ms a look

    [Test]
    public async Task Observe_EachAddedConnectionBringsItsShare_CapStaysDoubled()
    {
        var probe = new ConnectionProbe(8, 64);

        var (cap, _) = Run(probe, perConnection: 50e6, total: null);

        await Assert.That(cap).IsEqualTo(16);
        await Assert.That(probe.Saturated).IsFalse();
    }

    [Test]
    public async Task Observe_RateDoesNotGrowWithConnections_CapGoesBackAndHolds()
    {
        var probe = new ConnectionProbe(8, 64);

        // Loopback: 800 MB/s whatever the number of connections.
        var (cap, now) = Run(probe, perConnection: null, total: 800e6);
        var soonAfter = probe.Observe(now + Tick, 0, 8, wantsMore: true, TimeSpan.Zero);

        await Assert.That(cap).IsEqualTo(8);
        await Assert.That(soonAfter).IsEqualTo(8);
        await Assert.That(probe.Saturated).IsTrue();
    }

    [Test]
    public async Task Observe_NoSplitWanted_NeverProbes()
    {
        var probe = new ConnectionProbe(8, 64);
        var caps = new List<int>();
        for (var i = 0; i < 100; i++)
            caps.Add(probe.Observe(i * Tick, i * 4_000_000L, 8, wantsMore: false, TimeSpan.Zero));

        await Assert.That(caps.All(c => c == 8)).IsTrue();
    }

    [Test]
    public async Task Observe_AtTheCeiling_StaysThere()
    {
        var probe = new ConnectionProbe(8, 8);

        var (cap, _) = Run(probe, perConnection: 50e6, total: null);

        await Assert.That(cap).IsEqualTo(8);
    }

    /// <summary>
    /// Feeds looks every 10 ms for a second: the file keeps as many connections as the cap allows, each bringing
    /// <paramref name="perConnection"/> bytes a second, or all together <paramref name="total"/>. Returns the cap
    /// after the first probe was judged, and the time then.
    /// </summary>
    private static (int Cap, long Now) Run(ConnectionProbe probe, double? perConnection, double? total)
    {
        var bytes = 0d;
        var cap = probe.Cap;
        for (var now = 0L; now < Stopwatch.Frequency; now += Tick)
        {
            cap = probe.Observe(now, (long)bytes, cap, wantsMore: true, TimeSpan.Zero);
            bytes += (perConnection is { } each ? each * cap : total!.Value) * Tick / Stopwatch.Frequency;
            // Judged once the cap went up and back, or after the measuring, settling and judging windows (~260 ms).
            if (now > Stopwatch.Frequency * 3 / 10)
                return (cap, now);
        }

        return (cap, Stopwatch.Frequency);
    }
}
