using DownloadModels.Units;

namespace DownloadModels.Tests.Units;

public class ByteSizeTests
{
    [Test]
    [Arguments(0L, "0 B")]
    [Arguments(523L, "523 B")]
    [Arguments(999L, "999 B")]
    [Arguments(1_000L, "1.0 kB")]
    [Arguments(2_200L, "2.2 kB")]
    [Arguments(75_500_000L, "75.5 MB")]
    [Arguments(471_000_000L, "471 MB")]
    [Arguments(120_000_000L, "120 MB")]
    [Arguments(3_090_000_000L, "3.09 GB")]
    [Arguments(1_500_000_000_000L, "1.50 TB")]
    public async Task Format_Size_MatchesHubStyle(long bytes, string expected)
    {
        await Assert.That(ByteSize.Format(bytes)).IsEqualTo(expected);
    }

    [Test]
    [Arguments(99_960L, "100 kB")]
    [Arguments(999_600L, "1.0 MB")]
    [Arguments(9_999_000_000L, "10.0 GB")]
    public async Task Format_RoundingCrossesThreshold_UsesPrecisionOfRoundedValue(long bytes, string expected)
    {
        await Assert.That(ByteSize.Format(bytes)).IsEqualTo(expected);
    }

    [Test]
    public async Task Format_Negative_PrefixedWithMinus()
    {
        await Assert.That(ByteSize.Format(-2_200)).IsEqualTo("-2.2 kB");
    }

    [Test]
    [Arguments(12_300_000d, "12.3 MB/s")]
    [Arguments(999.4d, "999 B/s")]
    [Arguments(double.NaN, "0 B/s")]
    [Arguments(-5d, "0 B/s")]
    public async Task FormatRate_BytesPerSecond_FormattedPerSecond(double rate, string expected)
    {
        await Assert.That(ByteSize.FormatRate(rate)).IsEqualTo(expected);
    }
}
