using System.Text.Json.Nodes;

namespace DownloadModels.Tests.FakeHubTests;

using DownloadModels.Tests.FakeHub;

/// <summary>
/// Xet-backed repos as the Hub serves them today (protocol §2, §3): LFS files carry <c>xetHash</c> in the tree
/// listing, and /resolve/ adds <c>X-Xet-Hash</c> and a <c>rel="xet-auth"</c> link; a plain LFS repo has neither.
/// Also the HEAD requests huggingface_hub sends before each download.
/// </summary>
public class XetHashTests
{
    private static async Task<(FakeHub Hub, FakeRepo Xet, FakeRepo Plain)> StartAsync()
    {
        var hub = await FakeHub.StartAsync();
        var xet = hub.AddRepo("org/xet").AddFile("config.json", "{}").AddFile("w.bin", 5_000, lfs: true, seed: 7);
        var plain = hub.AddRepo("org/plain").AddFile("w.bin", 5_000, lfs: true, seed: 7);
        plain.XetBacked = false;
        return (hub, xet, plain);
    }

    private static async Task<Dictionary<string, JsonNode>> TreeAsync(FakeHub hub, string repo)
    {
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/{repo}/tree/main?recursive=true&expand=false");
        return (await response.JsonAsync()).AsArray().ToDictionary(e => e!["path"]!.GetValue<string>(), e => e!);
    }

    [Test]
    public async Task Tree_XetBackedLfsFile_ListsStableXetHashBesideLfs()
    {
        var (hub, xet, _) = await StartAsync();
        await using var _ = hub;
        var entry = (await TreeAsync(hub, "org/xet"))["w.bin"].AsObject();
        var xetHash = entry["xetHash"]!.GetValue<string>();

        await Assert.That(xetHash).Matches("^[0-9a-f]{64}$");
        await Assert.That(xetHash).IsEqualTo(xet.XetHashOf("w.bin"));
        await Assert.That(xetHash).IsNotEqualTo(xet.Sha256Of("w.bin"));
        await Assert.That(string.Join(",", entry.Select(p => p.Key))).IsEqualTo("type,oid,size,path,lfs,xetHash");
        // Stable: derived from the content alone, so another hub serving the same bytes lists the same hash.
        await using var other = await FakeHub.StartAsync();
        other.AddRepo("else/where").AddFile("copy.bin", 5_000, lfs: true, seed: 7);
        await Assert.That((await TreeAsync(other, "else/where"))["copy.bin"]["xetHash"]!.GetValue<string>()).IsEqualTo(xetHash);
    }

    [Test]
    public async Task Tree_RegularFileOrPlainLfsRepo_NoXetHash()
    {
        var (hub, xet, plain) = await StartAsync();
        await using var _ = hub;

        await Assert.That((await TreeAsync(hub, "org/xet"))["config.json"].AsObject().ContainsKey("xetHash")).IsFalse();
        await Assert.That((await TreeAsync(hub, "org/plain"))["w.bin"].AsObject().ContainsKey("xetHash")).IsFalse();
        await Assert.That(xet.XetHashOf("config.json")).IsNull();
        await Assert.That(plain.XetHashOf("w.bin")).IsNull();
    }

    [Test]
    public async Task HeadResolve_XetBackedLfsFile_302WithXetHashAndXetAuthLink()
    {
        var (hub, xet, _) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/org/xet/resolve/main/w.bin", method: "HEAD", acceptEncoding: "identity");

        await Assert.That((int)response.StatusCode).IsEqualTo(302);
        await Assert.That(response.Header("X-Xet-Hash")).IsEqualTo(xet.XetHashOf("w.bin"));
        await Assert.That(response.Header("Link")).IsEqualTo($"<{hub.ApiUrl}/api/models/org/xet/xet-read-token/{xet.Commit}>; rel=\"xet-auth\"");
        // What huggingface_hub reads from the HEAD before it downloads (file_download.get_hf_file_metadata).
        await Assert.That(response.Header("X-Repo-Commit")).IsEqualTo(xet.Commit);
        await Assert.That(response.Header("X-Linked-Etag")).IsEqualTo($"\"{xet.Sha256Of("w.bin")}\"");
        await Assert.That(response.Header("X-Linked-Size")).IsEqualTo("5000");
        await Assert.That(response.Headers.Location!.ToString()).StartsWith(hub.CdnUrl + "/");
    }

    [Test]
    public async Task Resolve_RegularFileOrPlainLfsRepo_NoXetHeaders()
    {
        var (hub, _, _) = await StartAsync();
        await using var __ = hub;
        using var http = HubHttp.Client();
        using var plain = await http.SendAsync($"{hub.ApiUrl}/org/plain/resolve/main/w.bin", method: "HEAD");
        using var regular = await http.SendAsync($"{hub.ApiUrl}/org/xet/resolve/main/config.json", method: "HEAD");

        await Assert.That((int)plain.StatusCode).IsEqualTo(302);
        await Assert.That(plain.Header("X-Xet-Hash")).IsNull();
        await Assert.That(plain.Header("Link")).IsNull();
        await Assert.That((int)regular.StatusCode).IsEqualTo(307);
        await Assert.That(regular.Header("X-Xet-Hash")).IsNull();
    }

    [Test]
    public async Task HeadResolveCache_RegularFileWithIdentity_ExactLengthEtagAndCommitNoBody()
    {
        var (hub, xet, _) = await StartAsync();
        await using var _ = hub;
        using var http = HubHttp.Client();
        using var redirect = await http.SendAsync($"{hub.ApiUrl}/org/xet/resolve/main/config.json", method: "HEAD", acceptEncoding: "identity");
        using var head = await http.SendAsync(hub.ApiUrl + redirect.Headers.Location, method: "HEAD", acceptEncoding: "identity");

        await Assert.That((int)head.StatusCode).IsEqualTo(200);
        await Assert.That(head.Header("Content-Encoding")).IsNull();
        await Assert.That(head.Content.Headers.ContentLength).IsEqualTo(2);
        await Assert.That(head.Header("ETag")).IsEqualTo($"\"{xet.GitSha1Of("config.json")}\"");
        await Assert.That(head.Header("X-Repo-Commit")).IsEqualTo(xet.Commit);
        await Assert.That((await head.Content.ReadAsByteArrayAsync()).Length).IsEqualTo(0);
    }

    [Test]
    public async Task AgentHarnesses_Get_EmptyRegistry()
    {
        await using var hub = await FakeHub.StartAsync();
        using var http = HubHttp.Client();
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/agent-harnesses");

        await Assert.That((int)response.StatusCode).IsEqualTo(200);
        await Assert.That((await response.JsonAsync()).ToJsonString()).IsEqualTo("{\"standardEnvVars\":[],\"harnesses\":{}}");
    }
}
