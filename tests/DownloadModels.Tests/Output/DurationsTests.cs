using DownloadModels.Output;

namespace DownloadModels.Tests.Output;

public class DurationsTests
{
    [Test]
    [Arguments(0d, "0 ms")]
    [Arguments(850d, "850 ms")]
    [Arguments(999.6d, "1.0 s")]
    [Arguments(4_200d, "4.2 s")]
    [Arguments(59_960d, "1m 00s")]
    [Arguments(65_000d, "1m 05s")]
    [Arguments(3_720_000d, "1h 02m")]
    [Arguments(-5d, "0 ms")]
    public async Task Format_Milliseconds_ShortHumanForm(double milliseconds, string expected)
    {
        await Assert.That(Durations.Format(TimeSpan.FromMilliseconds(milliseconds))).IsEqualTo(expected);
    }

    [Test]
    [Arguments(5.1d, "6 s")]
    [Arguments(0d, "0 s")]
    [Arguments(64.2d, "1m 05s")]
    [Arguments(7_330d, "2h 02m")]
    public async Task FormatEta_Seconds_RoundedUpToWholeSeconds(double seconds, string expected)
    {
        await Assert.That(Durations.FormatEta(TimeSpan.FromSeconds(seconds))).IsEqualTo(expected);
    }
}
