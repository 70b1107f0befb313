namespace DownloadModels.Tests;

public class SmokeTests
{
    [Test]
    public async Task One_Plus_One_Two() => await Assert.That(int.Parse("2")).IsEqualTo(2);
}
