using System.Text.Json.Nodes;

namespace DownloadModels.Tests.FakeHubTests;

using DownloadModels.Tests.FakeHub;

public class TreeEndpointTests
{
    private static async Task<(FakeHub Hub, FakeRepo Repo)> StartAsync()
    {
        var hub = await FakeHub.StartAsync();
        var repo = hub.AddRepo("org/model")
            .AddFile("d/a.txt", "Hello, World!")
            .AddFile("d/a-b.txt", "y")
            .AddFile("d/e/b.txt", "x")
            .AddFile("model.safetensors", 5000, lfs: true)
            .AddFile("README.md", "# hi");
        return (hub, repo);
    }

    private static async Task<JsonArray> ListAsync(HttpClient http, string url)
    {
        using var response = await http.SendAsync(url);
        return (await response.JsonAsync()).AsArray();
    }

    private static string Paths(JsonArray entries) => string.Join(",", entries.Select(e => e!["path"]!.GetValue<string>()));

    [Test]
    public async Task Tree_PageSizeTwo_LinksCoverEveryEntryOnce()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        hub.TreePageSize = 2;
        using var http = HubHttp.Client();
        var url = $"{hub.ApiUrl}/api/models/org/model/tree/{repo.Commit}?recursive=true&expand=false";
        var seen = new List<string>();
        var pages = 0;
        for (string? next = url; next is not null; pages++)
        {
            using var response = await http.SendAsync(next);
            seen.AddRange((await response.JsonAsync()).AsArray().Select(e => e!["path"]!.GetValue<string>()));
            var link = response.Header("Link");
            next = link is null ? null : link[1..link.IndexOf('>')];
            await Assert.That(link is null || (link.StartsWith($"<{url}&cursor=") && link.EndsWith(">; rel=\"next\""))).IsTrue();
        }

        await Assert.That(pages).IsEqualTo(4);
        await Assert.That(string.Join(",", seen)).IsEqualTo("README.md,d,d/a-b.txt,d/a.txt,d/e,d/e/b.txt,model.safetensors");
    }

    [Test]
    public async Task Tree_ForgedCursor_400()
    {
        var (hub, _) = await StartAsync();
        await using var __ = hub;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/org/model/tree/main?cursor=bm9wZQ%3D%3D");

        await Assert.That((int)response.StatusCode).IsEqualTo(400);
    }

    [Test]
    public async Task Tree_Files_OidIsGitSha1AndLfsOidIsSha256()
    {
        var (hub, repo) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        var entries = await ListAsync(http, $"{hub.ApiUrl}/api/models/org/model/tree/main?recursive=true");
        var byPath = entries.ToDictionary(e => e!["path"]!.GetValue<string>(), e => e!);
        var pointer = $"version https://git-lfs.github.com/spec/v1\noid sha256:{repo.Sha256Of("model.safetensors")}\nsize 5000\n";
        var lfs = byPath["model.safetensors"];

        await Assert.That(byPath["d/a.txt"].ToJsonString()).IsEqualTo(
            "{\"type\":\"file\",\"oid\":\"b45ef6fec89518d314f546fd6c3025367b721684\",\"size\":13,\"path\":\"d/a.txt\"}");
        await Assert.That(lfs["oid"]!.GetValue<string>()).IsEqualTo(FakeHub.GitBlobSha1(System.Text.Encoding.UTF8.GetBytes(pointer)));
        await Assert.That(lfs["size"]!.GetValue<long>()).IsEqualTo(5000);
        await Assert.That(lfs["lfs"]!["oid"]!.GetValue<string>()).IsEqualTo(FakeHub.Sha256Hex(repo.GetContent("model.safetensors")));
        await Assert.That(lfs["lfs"]!["size"]!.GetValue<long>()).IsEqualTo(5000);
        await Assert.That(lfs["lfs"]!["pointerSize"]!.GetValue<int>()).IsEqualTo(pointer.Length);
    }

    [Test]
    public async Task Tree_Folders_CarryGitTreeSha()
    {
        var (hub, _) = await StartAsync();
        await using var __ = hub;
        using var http = HubHttp.Client();
        var entries = await ListAsync(http, $"{hub.ApiUrl}/api/models/org/model/tree/main?recursive=true");
        var folders = entries.Where(e => e!["type"]!.GetValue<string>() == "directory").ToList();

        // Values from `git write-tree` over the same files.
        await Assert.That(folders[0]!.ToJsonString()).IsEqualTo(
            "{\"type\":\"directory\",\"oid\":\"14e660f2059478b6ff4819655713dd16c5867029\",\"size\":0,\"path\":\"d\"}");
        await Assert.That(folders[1]!["oid"]!.GetValue<string>()).IsEqualTo("01cc09486627c642a9ec37ee69658e70cf98f230");
    }

    [Test]
    public async Task Tree_NotRecursive_OnlyDirectChildren()
    {
        var (hub, _) = await StartAsync();
        await using var __ = hub;
        using var http = HubHttp.Client();

        await Assert.That(Paths(await ListAsync(http, $"{hub.ApiUrl}/api/models/org/model/tree/main"))).IsEqualTo("README.md,d,model.safetensors");
        await Assert.That(Paths(await ListAsync(http, $"{hub.ApiUrl}/api/models/org/model/tree/main/d?recursive=false")))
            .IsEqualTo("d/a-b.txt,d/a.txt,d/e");
        await Assert.That(Paths(await ListAsync(http, $"{hub.ApiUrl}/api/models/org/model/tree/main/d/e?recursive=true"))).IsEqualTo("d/e/b.txt");
    }

    [Test]
    [Arguments("nope")]
    [Arguments("README.md")]
    public async Task Tree_MissingFolder_404EntryNotFound(string folder)
    {
        var (hub, _) = await StartAsync();
        await using var __ = hub;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/org/model/tree/main/{folder}?recursive=true");

        await Assert.That((int)response.StatusCode).IsEqualTo(404);
        await Assert.That(response.Header("X-Error-Code")).IsEqualTo("EntryNotFound");
    }

    [Test]
    public async Task Tree_UnknownRevision_404RevisionNotFound()
    {
        var (hub, _) = await StartAsync();
        await using var __ = hub;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/org/model/tree/{new string('0', 40)}");

        await Assert.That(response.Header("X-Error-Code")).IsEqualTo("RevisionNotFound");
    }
}
