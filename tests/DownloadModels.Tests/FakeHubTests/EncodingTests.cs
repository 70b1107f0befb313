using System.IO.Compression;

namespace DownloadModels.Tests.FakeHubTests;

using DownloadModels.Tests.FakeHub;

public class EncodingTests
{
    private static async Task<(FakeHub Hub, FakeRepo Repo)> StartAsync()
    {
        var hub = await FakeHub.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("config.json", "{\"a\": 1}").AddFile("model.bin", 100, lfs: true);
        return (hub, repo);
    }

    [Test]
    [Arguments("gzip, deflate, br", "gzip")]
    [Arguments("identity", null)]
    [Arguments("gzip;q=0", null)]
    public async Task Resolve_AcceptEncoding_GzipOnlyWhenAllowed(string acceptEncoding, string? expected)
    {
        var (hub, _) = await StartAsync();
        await using var __ = hub;
        using var http = HubHttp.Client();
        using var response = await http.FollowAsync($"{hub.ApiUrl}/org/model/resolve/main/config.json");
        using var direct = await http.SendAsync(hub.ApiUrl + response.RequestMessage!.RequestUri!.PathAndQuery, acceptEncoding: acceptEncoding);

        await Assert.That(direct.Header("Content-Encoding")).IsEqualTo(expected);
        await Assert.That(direct.Content.Headers.ContentLength is null).IsEqualTo(expected is not null);
        await Assert.That(direct.Header("ETag")!.StartsWith("W/")).IsEqualTo(expected is not null);
    }

    [Test]
    public async Task Gzip_Body_DecompressesToContent()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/resolve-cache/models/org/model/{repo.Commit}/config.json", acceptEncoding: "gzip");
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);

        await Assert.That(await reader.ReadToEndAsync()).IsEqualTo("{\"a\": 1}");
    }

    [Test]
    [Arguments("config.json")]
    [Arguments("model.bin")]
    public async Task WeakEtags_On_ResolveEtagsWeak(string path)
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        hub.WeakEtags = true;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/org/model/resolve/{repo.Commit}/{path}", acceptEncoding: "identity");
        using var direct = await http.SendAsync($"{hub.ApiUrl}/api/resolve-cache/models/org/model/{repo.Commit}/{path}", acceptEncoding: "identity");

        await Assert.That(direct.Header("ETag")).IsEqualTo($"W/\"{repo.OidOf(path)}\"");
        await Assert.That(response.Header("X-Linked-Etag") ?? "").DoesNotStartWith("W/");
    }
}
