using DownloadModels.Hub;

namespace DownloadModels.Tests.Hub;

public sealed class RateLimitHeaderTests
{
    [Test]
    [Arguments("\"api\";r=0;t=42", 42)]
    [Arguments("\"api\"; r=0; t=42", 42)]
    [Arguments("\"resolvers\";t=7;r=0", 7)]
    [Arguments("\"api\";r=0;t=0", 0)]
    public async Task ResetAfter_ExhaustedBucket_ReturnsSeconds(string header, int seconds) =>
        await Assert.That(RateLimitHeader.ResetAfter(header)).IsEqualTo(TimeSpan.FromSeconds(seconds));

    [Test]
    [Arguments("\"api\";r=1;t=42")]
    [Arguments("\"api\";r=999;t=300")]
    [Arguments("\"api\";t=42")]
    [Arguments("\"api\";r=0")]
    [Arguments("\"api\";r=0;t=-1")]
    [Arguments("\"api\";r=0;t=abc")]
    [Arguments("garbage")]
    [Arguments(";;;")]
    [Arguments("r=;t=")]
    [Arguments("")]
    public async Task ResetAfter_NotExhaustedOrGarbage_ReturnsNull(string header) =>
        await Assert.That(RateLimitHeader.ResetAfter(header)).IsNull();

    [Test]
    public async Task ResetAfter_Null_ReturnsNull()
    {
        string? header = null;

        await Assert.That(RateLimitHeader.ResetAfter(header)).IsNull();
    }
}
