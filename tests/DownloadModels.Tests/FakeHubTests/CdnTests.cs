namespace DownloadModels.Tests.FakeHubTests;

using DownloadModels.Tests.FakeHub;

public class CdnTests
{
    private static async Task<(FakeHub Hub, FakeRepo Repo)> StartAsync()
    {
        var hub = await FakeHub.StartAsync();
        var repo = hub.AddRepo("org/model")
            .AddFile("model.safetensors", 300_000, lfs: true);
        return (hub, repo);
    }

    [Test]
    public async Task Cdn_SignedUrl_ServesContentWithoutToken()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        using var response = await http.FollowAsync($"{hub.ApiUrl}/org/model/resolve/{repo.Commit}/model.safetensors", token: null);
        var body = await response.Content.ReadAsByteArrayAsync();

        await Assert.That((int)response.StatusCode).IsEqualTo(200);
        await Assert.That(response.Content.Headers.ContentLength).IsEqualTo(300_000);
        await Assert.That(response.Header("Accept-Ranges")).IsEqualTo("bytes");
        await Assert.That(FakeHub.Sha256Hex(body)).IsEqualTo(repo.Sha256Of("model.safetensors"));
        await Assert.That(hub.RequestsTo(FakeHost.Cdn).Count).IsEqualTo(1);
    }

    [Test]
    public async Task Hosts_WrongPort_404()
    {
        var (hub, _) = await StartAsync();
        await using var __ = hub;
        using var http = HubHttp.Client();
        using var resolve = await http.SendAsync($"{hub.ApiUrl}/org/model/resolve/main/model.safetensors");
        var cdnPath = resolve.Headers.Location!.PathAndQuery;
        using var cdnOnApi = await http.SendAsync(hub.ApiUrl + cdnPath);
        using var apiOnCdn = await http.SendAsync($"{hub.CdnUrl}/api/models/org/model");

        await Assert.That((int)cdnOnApi.StatusCode).IsEqualTo(404);
        await Assert.That((int)apiOnCdn.StatusCode).IsEqualTo(404);
    }

    [Test]
    public async Task Cdn_AlteredSignature_403AccessDenied()
    {
        var (hub, _) = await StartAsync();
        await using var __ = hub;
        using var http = HubHttp.Client();
        using var resolve = await http.SendAsync($"{hub.ApiUrl}/org/model/resolve/main/model.safetensors");
        var forged = resolve.Headers.Location!.ToString().Replace("Signature=", "Signature=0");
        using var response = await http.SendAsync(forged);

        await Assert.That((int)response.StatusCode).IsEqualTo(403);
        await Assert.That(await response.Content.ReadAsStringAsync()).Contains("<Code>AccessDenied</Code>");
    }

    [Test]
    [Arguments("POST")]
    [Arguments("PUT")]
    public async Task AnyHost_WriteMethod_405(string method)
    {
        var (hub, _) = await StartAsync();
        await using var __ = hub;
        using var http = HubHttp.Client();
        using var api = await http.SendAsync($"{hub.ApiUrl}/api/models/org/model", method: method);
        using var cdn = await http.SendAsync($"{hub.CdnUrl}/repos/x/y", method: method);

        await Assert.That((int)api.StatusCode).IsEqualTo(405);
        await Assert.That((int)cdn.StatusCode).IsEqualTo(405);
    }
}
