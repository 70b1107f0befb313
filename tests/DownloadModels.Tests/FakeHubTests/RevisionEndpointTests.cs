
namespace DownloadModels.Tests.FakeHubTests;

using DownloadModels.Tests.FakeHub;

public class RevisionEndpointTests
{
    private static async Task<(FakeHub Hub, FakeRepo Repo)> StartAsync()
    {
        var hub = await FakeHub.StartAsync();
        var repo = hub.AddRepo("org/model")
            .AddFile("config.json", "{}")
            .AddFile("model.safetensors", 1000, lfs: true);
        return (hub, repo);
    }

    [Test]
    public async Task Revision_MainBranch_ReturnsCommitAndSiblings()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/org/model/revision/main");
        var json = await response.JsonAsync();

        await Assert.That((int)response.StatusCode).IsEqualTo(200);
        await Assert.That(json["id"]!.GetValue<string>()).IsEqualTo("org/model");
        await Assert.That(json["sha"]!.GetValue<string>()).IsEqualTo(repo.Commit);
        await Assert.That(json["private"]!.GetValue<bool>()).IsFalse();
        await Assert.That(json["gated"]!.GetValue<bool>()).IsFalse();
        await Assert.That(json["disabled"]!.GetValue<bool>()).IsFalse();
        await Assert.That(json["lastModified"]!.GetValue<string>()).IsEqualTo("2024-05-01T12:00:00.000Z");
        var names = json["siblings"]!.AsArray().Select(s => s!["rfilename"]!.GetValue<string>());
        await Assert.That(string.Join(",", names)).IsEqualTo("config.json,model.safetensors");
        await Assert.That(json["siblings"]![0]!["size"]).IsNull();
    }

    [Test]
    [Arguments("refs%2Fpr%2F1")]
    [Arguments("main")]
    [Arguments("COMMIT")]
    public async Task Revision_BranchOrCommit_ResolvesToCommit(string revision)
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        repo.AddBranch("refs/pr/1");
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/org/model/revision/{revision.Replace("COMMIT", repo.Commit)}");

        await Assert.That((await response.JsonAsync())["sha"]!.GetValue<string>()).IsEqualTo(repo.Commit);
    }

    [Test]
    public async Task Revision_NoRevision_IsDefaultBranch()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/org/model");

        await Assert.That((await response.JsonAsync())["sha"]!.GetValue<string>()).IsEqualTo(repo.Commit);
    }

    [Test]
    public async Task Revision_BlobsTrue_SiblingsCarrySizeBlobIdAndLfs()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/org/model/revision/main?blobs=true");
        var siblings = (await response.JsonAsync())["siblings"]!.AsArray();

        await Assert.That(siblings[0]!["size"]!.GetValue<long>()).IsEqualTo(2);
        await Assert.That(siblings[0]!["blobId"]!.GetValue<string>()).IsEqualTo(FakeHub.GitBlobSha1("{}"u8));
        await Assert.That(siblings[0]!["lfs"]).IsNull();
        await Assert.That(siblings[1]!["blobId"]!.GetValue<string>()).IsEqualTo(repo.OidOf("model.safetensors"));
        await Assert.That(siblings[1]!["lfs"]!["sha256"]!.GetValue<string>()).IsEqualTo(repo.Sha256Of("model.safetensors"));
        await Assert.That(siblings[1]!["lfs"]!["size"]!.GetValue<long>()).IsEqualTo(1000);
    }

    [Test]
    public async Task Revision_UnknownRevision_404RevisionNotFound()
    {
        var (hub, _) = await StartAsync();
        await using var __ = hub;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/org/model/revision/nope");

        await Assert.That((int)response.StatusCode).IsEqualTo(404);
        await Assert.That(response.Header("X-Error-Code")).IsEqualTo("RevisionNotFound");
        await Assert.That((await response.JsonAsync())["error"]!.GetValue<string>()).Contains("nope");
    }

    [Test]
    [Arguments(null, 401)]
    [Arguments("tok", 404)]
    public async Task Revision_UnknownRepo_RepoNotFound(string? token, int status)
    {
        var (hub, _) = await StartAsync();
        await using var __ = hub;
        hub.ValidTokens.Add("tok");
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/org/missing/revision/main", token);

        await Assert.That((int)response.StatusCode).IsEqualTo(status);
        await Assert.That(response.Header("X-Error-Code")).IsEqualTo("RepoNotFound");
        await Assert.That(response.Header("X-Error-Message")).IsNotNull();
    }

    [Test]
    public async Task Revision_Dataset_ServedUnderDatasetsOnly()
    {
        await using var hub = await FakeHub.StartAsync();
        var repo = hub.AddRepo("org/data", "dataset").AddFile("train.csv", "a,b\n");
        using var http = HubHttp.Client();
        using var dataset = await http.SendAsync($"{hub.ApiUrl}/api/datasets/org/data/revision/main");
        using var model = await http.SendAsync($"{hub.ApiUrl}/api/models/org/data/revision/main");

        await Assert.That((await dataset.JsonAsync())["sha"]!.GetValue<string>()).IsEqualTo(repo.Commit);
        await Assert.That((int)model.StatusCode).IsEqualTo(401);
    }

    [Test]
    public async Task Revision_AfterPush_NewShaAndOldCommitStillResolves()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        var old = repo.Commit;
        repo.SetCommit(new string('a', 40)).AddFile("new.txt", "x");
        using var http = HubHttp.Client();
        using var main = await http.SendAsync($"{hub.ApiUrl}/api/models/org/model/revision/main");
        using var pinned = await http.SendAsync($"{hub.ApiUrl}/api/models/org/model/revision/{old}");

        await Assert.That((await main.JsonAsync())["siblings"]!.AsArray().Count).IsEqualTo(3);
        var oldJson = await pinned.JsonAsync();
        await Assert.That(oldJson["sha"]!.GetValue<string>()).IsEqualTo(old);
        await Assert.That(oldJson["siblings"]!.AsArray().Count).IsEqualTo(2);
    }
}
