using DownloadModels.Tests.Cli;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.EndToEnd;

/// <summary>
/// What the Python libraries see on <c>HEAD …/resolve/{rev}/{file}</c>: stock nginx sends no
/// X-Repo-Commit (so huggingface_hub refuses to download, and falls back to its cache); with the
/// generated include and two add_header lines it sends the Hub's X-Repo-Commit and X-Linked-Etag.
/// </summary>
[Category(TestCategory.Host)]
public sealed class NginxHeadersTests
{
    [Test]
    public async Task StockNginx_HeadResolveMain_HasNoRepoCommitHeader()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/m").AddFile("a.json", "{}");
        using var dir = await MirrorAsync(hub);
        await using var nginx = await NginxServer.StartAsync(dir.Path);

        using var answer = await HeadAsync($"{nginx.Url}/org/m/resolve/main/a.json");

        await Assert.That((int)answer.StatusCode).IsEqualTo(200);
        await Assert.That(answer.Headers.Contains("X-Repo-Commit")).IsFalse();
        // nginx's own ETag is "{mtime}-{size}" in hex, not the Hub's content hash.
        await Assert.That(answer.Headers.ETag!.Tag).IsNotEqualTo($"\"{repo.GitSha1Of("a.json")}\"");
    }

    [Test]
    public async Task NginxWithGeneratedInclude_HeadResolve_SendsHubHeaders()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/m").AddBranch("refs/pr/1").AddFile("a.json", "{}").AddFile("sub/w bin.pt", 5_000, lfs: true);
        using var dir = await MirrorAsync(hub, "--revision", "refs/pr/1");
        var include = System.IO.Path.Combine(dir.Path, ".download-models", "nginx-hub-headers.conf");
        await using var nginx = await NginxServer.StartAsync(dir.Path, $"include \"{include}\";",
            "add_header X-Repo-Commit $hub_repo_commit always; add_header X-Linked-Etag $hub_linked_etag always; add_header X-Error-Code $hub_error_code always;");

        using var lfs = await HeadAsync($"{nginx.Url}/org/m/resolve/refs%2Fpr%2F1/sub/w%20bin.pt");
        using var small = await HeadAsync($"{nginx.Url}/org/m/resolve/{repo.Commit}/a.json");
        using var missing = await HeadAsync($"{nginx.Url}/org/m/resolve/refs%2Fpr%2F1/added_tokens.json");

        await Assert.That((int)lfs.StatusCode).IsEqualTo(200);
        await Assert.That(lfs.Headers.GetValues("X-Repo-Commit").Single()).IsEqualTo(repo.Commit);
        await Assert.That(lfs.Headers.GetValues("X-Linked-Etag").Single()).IsEqualTo($"\"{repo.Sha256Of("sub/w bin.pt")}\"");
        await Assert.That(lfs.Content.Headers.ContentLength).IsEqualTo(5_000);
        await Assert.That(small.Headers.GetValues("X-Linked-Etag").Single()).IsEqualTo($"\"{repo.GitSha1Of("a.json")}\"");
        // A missing file: 404 with the commit, from which huggingface_hub writes its .no_exist marker.
        await Assert.That((int)missing.StatusCode).IsEqualTo(404);
        await Assert.That(missing.Headers.GetValues("X-Repo-Commit").Single()).IsEqualTo(repo.Commit);
    }

    private static async Task<NginxServedFolder> MirrorAsync(HubServer hub, params string[] options)
    {
        var dir = new NginxServedFolder();
        using var source = new CliHarness(hub.ApiUrl);
        var result = await source.RunAsync(["mirror", dir.Path, "org/m", .. options]);
        if (result.ExitCode != 0)
            throw new InvalidOperationException(result.ToString());
        return dir;
    }

    private static async Task<HttpResponseMessage> HeadAsync(string url)
    {
        using var client = new HttpClient();
        return await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
    }
}
