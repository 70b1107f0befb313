namespace DownloadModels.Tests.FakeHubTests;

using DownloadModels.Tests.FakeHub;

public class RequestLogTests
{
    [Test]
    public async Task Requests_Download_RecordsEachHop()
    {
        await using var hub = await FakeHub.StartAsync();
        hub.AddRepo("org/model").AddFile("model.bin", 4096, lfs: true).ApprovedTokens.Add("tok");
        using var http = HubHttp.Client();
        using var response = await http.FollowAsync($"{hub.ApiUrl}/org/model/resolve/main/model.bin", "tok", "bytes=96-");
        await response.Content.ReadAsByteArrayAsync();
        var api = hub.RequestsTo(FakeHost.Api).Single();
        var cdn = hub.RequestsTo(FakeHost.Cdn).Single();

        await Assert.That(api.Method).IsEqualTo("GET");
        await Assert.That(api.PathAndQuery).IsEqualTo("/org/model/resolve/main/model.bin");
        await Assert.That(api.Status).IsEqualTo(302);
        await Assert.That(api.Header("Authorization")).IsEqualTo("Bearer tok");
        await Assert.That(cdn.Header("authorization")).IsNull();
        await Assert.That(cdn.Range).IsEqualTo("bytes=96-");
        await Assert.That(cdn.Status).IsEqualTo(206);
        await Assert.That(cdn.BodyBytesSent).IsEqualTo(4000);
        await Assert.That(hub.BytesSent("model.bin")).IsEqualTo(4000 + api.BodyBytesSent);
        await Assert.That(hub.ServerErrors.Count).IsEqualTo(0);
    }

    [Test]
    public async Task FakeHub_ManyParallelDownloads_AllComplete()
    {
        await using var hub = await FakeHub.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("model.bin", 1 << 20, lfs: true);
        using var http = HubHttp.Client();
        var hashes = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            using var response = await http.FollowAsync($"{hub.ApiUrl}/org/model/resolve/main/model.bin");
            return FakeHub.Sha256Hex(await response.Content.ReadAsByteArrayAsync());
        }));

        await Assert.That(hashes.Distinct().Single()).IsEqualTo(repo.Sha256Of("model.bin"));
        await Assert.That(hub.Requests.Count).IsEqualTo(32);
        await Assert.That(hub.ServerErrors.Count).IsEqualTo(0);
    }

    [Test]
    public async Task FakeHub_LargeGeneratedFile_StreamsWithoutHoldingIt()
    {
        await using var hub = await FakeHub.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("big.bin", 64L << 20, lfs: true, seed: 3);
        using var http = HubHttp.Client();
        using var response = await http.FollowAsync($"{hub.ApiUrl}/org/model/resolve/main/big.bin", range: $"bytes={(64L << 20) - 10}-");
        var tail = await response.Content.ReadAsByteArrayAsync();

        await Assert.That(tail.Length).IsEqualTo(10);
        await Assert.That(response.Header("Content-Range")).IsEqualTo($"bytes {(64L << 20) - 10}-{(64L << 20) - 1}/{64L << 20}");
        await Assert.That(repo.Sha256Of("big.bin")).Matches("^[0-9a-f]{64}$");
    }
}
