namespace DownloadModels.Tests.FakeHubTests;

using DownloadModels.Tests.FakeHub;

public class RangeTests
{
    private const int Size = 100_000;

    /// <summary>The URL of each content-serving endpoint for a file of <see cref="Size"/> bytes.</summary>
    private static async Task<string> ContentUrlAsync(FakeHub hub, HttpClient http, string kind)
    {
        var repo = hub.AddRepo("org/model").AddFile("blob.bin", Size, lfs: true, seed: 0).AddFile("text.bin", Size, lfs: false, seed: 0);
        repo.Private = kind == "direct";
        repo.ApprovedTokens.Add("tok");
        var file = kind == "cdn" ? "blob.bin" : "text.bin";
        using var resolve = await http.SendAsync($"{hub.ApiUrl}/org/model/resolve/main/{file}", "tok");
        return kind == "direct" ? $"{hub.ApiUrl}/org/model/resolve/main/{file}" : new Uri(new Uri(hub.ApiUrl), resolve.Headers.Location!).ToString();
    }

    [Test]
    [Arguments("cdn", "bytes=1000-", 1000, Size - 1)]
    [Arguments("cache", "bytes=1000-", 1000, Size - 1)]
    [Arguments("direct", "bytes=1000-", 1000, Size - 1)]
    [Arguments("cdn", "bytes=10-19", 10, 19)]
    [Arguments("cache", "bytes=99990-200000", 99990, Size - 1)]
    [Arguments("direct", "bytes=-5", Size - 5, Size - 1)]
    public async Task Range_Satisfiable_206WithContentRange(string kind, string range, long first, long last)
    {
        await using var hub = await FakeHub.StartAsync();
        using var http = HubHttp.Client();
        var url = await ContentUrlAsync(hub, http, kind);
        using var response = await http.SendAsync(url, "tok", range, acceptEncoding: "identity");
        var body = await response.Content.ReadAsByteArrayAsync();
        var expected = FakeHubContent.Random(Size, 0);

        await Assert.That((int)response.StatusCode).IsEqualTo(206);
        await Assert.That(response.Header("Content-Range")).IsEqualTo($"bytes {first}-{last}/{Size}");
        await Assert.That(response.Content.Headers.ContentLength).IsEqualTo(last - first + 1);
        await Assert.That(response.Header("Accept-Ranges")).IsEqualTo("bytes");
        await Assert.That(FakeHub.Sha256Hex(body)).IsEqualTo(FakeHub.Sha256Hex(expected.AsSpan((int)first, (int)(last - first + 1))));
    }

    [Test]
    [Arguments("cdn")]
    [Arguments("cache")]
    [Arguments("direct")]
    public async Task Range_PastTheEnd_416WithTotal(string kind)
    {
        await using var hub = await FakeHub.StartAsync();
        using var http = HubHttp.Client();
        var url = await ContentUrlAsync(hub, http, kind);
        using var response = await http.SendAsync(url, "tok", $"bytes={Size}-", acceptEncoding: "identity");

        await Assert.That((int)response.StatusCode).IsEqualTo(416);
        await Assert.That(response.Header("Content-Range")).IsEqualTo($"bytes */{Size}");
    }

    [Test]
    public async Task Content_GeneratedWithSeed_MatchesFakeHubContentRandom()
    {
        await using var hub = await FakeHub.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.bin", 1234, lfs: true, seed: 7).AddFile("b.bin", 1234);

        await Assert.That(FakeHub.Sha256Hex(repo.GetContent("a.bin"))).IsEqualTo(FakeHub.Sha256Hex(FakeHubContent.Random(1234, 7)));
        await Assert.That(repo.Sha256Of("a.bin")).IsEqualTo(FakeHub.Sha256Hex(FakeHubContent.Random(1234, 7)));
        await Assert.That(repo.GitSha1Of("a.bin")).IsEqualTo(FakeHub.GitBlobSha1(FakeHubContent.Random(1234, 7)));
        await Assert.That(repo.Sha256Of("b.bin")).IsNotEqualTo(repo.Sha256Of("a.bin"));
        await Assert.That(FakeHub.GitBlobSha1("Hello, World!"u8)).IsEqualTo("b45ef6fec89518d314f546fd6c3025367b721684");
    }
}
