namespace DownloadModels.Tests.FakeHubTests;

using DownloadModels.Tests.FakeHub;

public class ResolveTests
{
    private static async Task<(FakeHub Hub, FakeRepo Repo)> StartAsync()
    {
        var hub = await FakeHub.StartAsync();
        var repo = hub.AddRepo("org/model")
            .AddFile("config.json", "{\"a\": 1}")
            .AddFile("empty.txt", "")
            .AddFile("sub dir/my file+1.txt", "spaced")
            .AddFile("model.safetensors", 300_000, lfs: true);
        return (hub, repo);
    }

    [Test]
    public async Task Resolve_LfsFile_302ToSignedCdnUrlWithLinkedHeaders()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/org/model/resolve/main/model.safetensors");
        var location = response.Headers.Location!;
        var body = await response.Content.ReadAsStringAsync();

        await Assert.That((int)response.StatusCode).IsEqualTo(302);
        await Assert.That(location.IsAbsoluteUri && location.ToString().StartsWith(hub.CdnUrl + "/")).IsTrue();
        await Assert.That(location.Query).Contains("X-Amz-Expires=3600");
        await Assert.That(location.Query).Contains("&Expires=");
        await Assert.That(location.Query).Contains("&Signature=");
        await Assert.That(response.Header("X-Repo-Commit")).IsEqualTo(repo.Commit);
        await Assert.That(response.Header("X-Linked-Etag")).IsEqualTo($"\"{repo.Sha256Of("model.safetensors")}\"");
        await Assert.That(response.Header("X-Linked-Size")).IsEqualTo("300000");
        await Assert.That(response.Header("Accept-Ranges")).IsEqualTo("bytes");
        await Assert.That(response.Header("ETag")).IsEqualTo($"\"{repo.OidOf("model.safetensors")}\"");
        await Assert.That(response.Content.Headers.ContentLength).IsEqualTo(body.Length);
    }

    [Test]
    public async Task Resolve_RegularFile_307RelativeThenResolveCache200()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        using var redirect = await http.SendAsync($"{hub.ApiUrl}/org/model/resolve/main/config.json");
        var location = redirect.Headers.Location!;
        using var final = await http.SendAsync(hub.ApiUrl + location, acceptEncoding: "identity");

        await Assert.That((int)redirect.StatusCode).IsEqualTo(307);
        await Assert.That(location.IsAbsoluteUri).IsFalse();
        await Assert.That(location.ToString()).IsEqualTo($"/api/resolve-cache/models/org/model/{repo.Commit}/config.json");
        await Assert.That((int)final.StatusCode).IsEqualTo(200);
        await Assert.That(final.Header("ETag")).IsEqualTo($"\"{repo.GitSha1Of("config.json")}\"");
        await Assert.That(final.Header("X-Repo-Commit")).IsEqualTo(repo.Commit);
        await Assert.That(await final.Content.ReadAsStringAsync()).IsEqualTo("{\"a\": 1}");
    }

    [Test]
    [Arguments("empty.txt", false)]
    [Arguments("config.json", true)]
    public async Task Resolve_EmptyOrPrivateRegularFile_200Directly(string path, bool makePrivate)
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        repo.Private = makePrivate;
        repo.ApprovedTokens.Add("tok");
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/org/model/resolve/main/{path}", "tok", acceptEncoding: "identity");

        await Assert.That((int)response.StatusCode).IsEqualTo(200);
        await Assert.That(response.Header("ETag")).IsEqualTo($"\"{repo.GitSha1Of(path)}\"");
        await Assert.That(response.Content.Headers.ContentLength).IsEqualTo(repo.SizeOf(path));
    }

    [Test]
    public async Task Resolve_EncodedPathAndPrBranch_Resolves()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        repo.AddBranch("refs/pr/1");
        using var http = HubHttp.Client();
        using var response = await http.FollowAsync($"{hub.ApiUrl}/org/model/resolve/refs%2Fpr%2F1/sub%20dir/my%20file%2B1.txt");

        await Assert.That(await response.Content.ReadAsStringAsync()).IsEqualTo("spaced");
    }

    [Test]
    public async Task Resolve_MissingFile_404EntryNotFoundWithCommit()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/org/model/resolve/main/nope.bin");

        await Assert.That((int)response.StatusCode).IsEqualTo(404);
        await Assert.That(response.Header("X-Error-Code")).IsEqualTo("EntryNotFound");
        await Assert.That(response.Header("X-Repo-Commit")).IsEqualTo(repo.Commit);
    }

    [Test]
    public async Task Resolve_Dataset_UsesDatasetsPrefix()
    {
        await using var hub = await FakeHub.StartAsync();
        var repo = hub.AddRepo("org/data", "dataset").AddFile("train.csv", "a,b\n");
        using var http = HubHttp.Client();
        using var redirect = await http.SendAsync($"{hub.ApiUrl}/datasets/org/data/resolve/main/train.csv");
        using var asModel = await http.SendAsync($"{hub.ApiUrl}/org/data/resolve/main/train.csv");

        await Assert.That(redirect.Headers.Location!.ToString()).IsEqualTo($"/api/resolve-cache/datasets/org/data/{repo.Commit}/train.csv");
        await Assert.That((int)asModel.StatusCode).IsEqualTo(401);
    }

    [Test]
    public async Task Resolve_Head_HeadersWithoutBody()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        using var head = await http.SendAsync($"{hub.ApiUrl}/api/resolve-cache/models/org/model/{repo.Commit}/config.json", method: "HEAD");

        await Assert.That((int)head.StatusCode).IsEqualTo(200);
        await Assert.That(head.Content.Headers.ContentLength).IsEqualTo(8);
        await Assert.That(hub.BytesSent("config.json")).IsEqualTo(0);
    }
}
