namespace DownloadModels.Tests.FakeHubTests;

using DownloadModels.Tests.FakeHub;

public class AccessTests
{
    private static async Task<(FakeHub Hub, FakeRepo Repo)> StartAsync(Action<FakeRepo> configure)
    {
        var hub = await FakeHub.StartAsync();
        hub.ValidTokens.Add("other");
        var repo = hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("model.bin", 10, lfs: true);
        repo.ApprovedTokens.Add("approved");
        configure(repo);
        return (hub, repo);
    }

    private static async Task<(int Status, string? Code, string? Message)> GetAsync(FakeHub hub, string path, string? token)
    {
        using var http = HubHttp.Client();
        using var response = await http.SendAsync(hub.ApiUrl + path, token);
        return ((int)response.StatusCode, response.Header("X-Error-Code"), response.Header("X-Error-Message"));
    }

    [Test]
    [Arguments(null, 401)]
    [Arguments("other", 403)]
    [Arguments("approved", 302)]
    public async Task Gated_Download_NeedsApprovedToken(string? token, int status)
    {
        var (hub, _) = await StartAsync(r => r.Gated = true);
        await using var __ = hub;
        var (actual, code, message) = await GetAsync(hub, "/org/model/resolve/main/model.bin", token);

        await Assert.That(actual).IsEqualTo(status);
        await Assert.That(code).IsEqualTo(status == 302 ? null : "GatedRepo");
        await Assert.That(message is null || message.Contains("restricted")).IsTrue();
    }

    [Test]
    [Arguments("/api/models/org/model/revision/main")]
    [Arguments("/api/models/org/model/tree/main")]
    public async Task Gated_MetadataAnonymous_200(string path)
    {
        var (hub, _) = await StartAsync(r => r.Gated = true);
        await using var __ = hub;

        await Assert.That((await GetAsync(hub, path, null)).Status).IsEqualTo(200);
    }

    [Test]
    public async Task Gated_RevisionJson_ReportsGateMode()
    {
        var (hub, _) = await StartAsync(r => (r.Gated, r.GatedMode) = (true, "auto"));
        await using var __ = hub;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/org/model");

        await Assert.That((await response.JsonAsync())["gated"]!.GetValue<string>()).IsEqualTo("auto");
    }

    [Test]
    [Arguments("/api/models/org/model/revision/main", null, 401)]
    [Arguments("/api/models/org/model/tree/main", "other", 404)]
    [Arguments("/org/model/resolve/main/config.json", null, 401)]
    [Arguments("/org/model/resolve/main/config.json", "other", 404)]
    [Arguments("/org/model/resolve/main/config.json", "approved", 200)]
    public async Task Private_Request_NeedsApprovedToken(string path, string? token, int status)
    {
        var (hub, _) = await StartAsync(r => r.Private = true);
        await using var __ = hub;
        var (actual, code, _) = await GetAsync(hub, path, token);

        await Assert.That(actual).IsEqualTo(status);
        await Assert.That(code).IsEqualTo(status == 200 ? null : "RepoNotFound");
    }

    [Test]
    [Arguments("/api/models/org/model")]
    [Arguments("/org/model/resolve/main/config.json")]
    public async Task Disabled_Request_403Disabled(string path)
    {
        var (hub, _) = await StartAsync(r => r.Disabled = true);
        await using var __ = hub;
        var (status, _, message) = await GetAsync(hub, path, "approved");

        await Assert.That(status).IsEqualTo(403);
        await Assert.That(message).IsEqualTo("Access to this resource is disabled.");
    }

    [Test]
    public async Task Token_Unknown_401InvalidCredentials()
    {
        var (hub, _) = await StartAsync(_ => { });
        await using var __ = hub;
        var (status, _, message) = await GetAsync(hub, "/api/models/org/model", "forged");

        await Assert.That(status).IsEqualTo(401);
        await Assert.That(message).Contains("Invalid credentials");
    }
}
