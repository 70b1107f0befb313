using System.Security.Cryptography;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.EndToEnd;

/// <summary>
/// The mirror behind Debian's stock nginx (<c>location / { root DIR; }</c>, nothing else), fetched by
/// the native binary into empty caches: the default models, a Range resume, a revision with '/'.
/// </summary>
[Category(TestCategory.Host)]
public sealed class NginxMirrorTests
{
    [Test]
    public async Task NativeBinary_DefaultModelsMirroredBehindNginx_FetchesThemAllIntoEmptyCache()
    {
        await using var hub = await HubServer.StartAsync();
        var repos = new[]
        {
            (Repo: PipelineRepos.AddWhisper(hub), Wanted: PipelineRepos.WhisperTinyWanted),
            (Repo: PipelineRepos.AddKokoro(hub), Wanted: PipelineRepos.KokoroWanted),
            (Repo: PipelineRepos.AddE5(hub), Wanted: PipelineRepos.E5Wanted),
        };
        using var source = new TempHome();
        using var dir = new NginxServedFolder();
        var mirror = await source.Run().Env("HF_ENDPOINT", hub.ApiUrl).RunAsync("mirror", dir.Path);
        await using var nginx = await NginxServer.StartAsync(dir.Path);
        using var client = new TempHome();
        var hubRequests = hub.Requests.Count;

        var result = await client.Run().Env("HF_ENDPOINT", nginx.Url).RunAsync();

        await Assert.That(mirror.ExitCode).IsEqualTo(0).Because(mirror.ToString());
        await Assert.That(mirror.StdOut).Contains("hard-linked"); // link(2) through P/Invoke works in the AOT binary
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result + "\n" + string.Join('\n', nginx.AccessLog()));
        await Assert.That(hub.Requests.Count).IsEqualTo(hubRequests);
        var cache = client.Sub(".cache/huggingface/hub");
        foreach (var (repo, wanted) in repos)
        {
            var folder = System.IO.Path.Combine(cache, "models--" + repo.Id.Replace("/", "--", StringComparison.Ordinal));
            await Assert.That(File.ReadAllText(System.IO.Path.Combine(folder, "refs", "main"))).IsEqualTo(repo.Commit);
            foreach (var path in wanted)
                await Assert.That(Sha256(System.IO.Path.Combine(folder, "snapshots", repo.Commit, path))).IsEqualTo(repo.Sha256Of(path));
        }
    }

    [Test]
    public async Task NativeBinary_PartialBlobInCache_ResumesThroughNginxWith206()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/m").AddFile("w.bin", 300_000, lfs: true);
        using var source = new TempHome();
        using var dir = new NginxServedFolder();
        await source.Run().Env("HF_ENDPOINT", hub.ApiUrl).RunAsync("mirror", dir.Path, "org/m");
        await using var nginx = await NginxServer.StartAsync(dir.Path);
        using var client = new TempHome();
        var sha = repo.Sha256Of("w.bin");
        var blobs = Directory.CreateDirectory(client.Sub(".cache/huggingface/hub/models--org--m/blobs")).FullName;
        await File.WriteAllBytesAsync(System.IO.Path.Combine(blobs, sha + ".incomplete"), repo.GetContent("w.bin")[..120_000]);

        var result = await client.Run().Env("HF_ENDPOINT", nginx.Url).RunAsync("get", "org/m");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Sha256(System.IO.Path.Combine(blobs, sha))).IsEqualTo(sha);
        await Assert.That(File.Exists(System.IO.Path.Combine(blobs, sha + ".incomplete"))).IsFalse();
        await Assert.That(nginx.AccessLog()).Contains($"GET /org/m/resolve/{repo.Commit}/w.bin \"bytes=120000-\" 206 180000")
            .Because(string.Join('\n', nginx.AccessLog()));
    }

    [Test]
    public async Task NativeBinary_RevisionWithSlash_NginxDecodesPercent2FAndServesIt()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/m").AddBranch("refs/pr/1").AddFile("a.json", "{}").AddFile("w.bin", 5_000, lfs: true);
        using var source = new TempHome();
        using var dir = new NginxServedFolder();
        await source.Run().Env("HF_ENDPOINT", hub.ApiUrl).RunAsync("mirror", dir.Path, "org/m", "--revision", "refs/pr/1");
        // Only the decoded spelling stays: proves nginx looks for nested folders, not a literal %2F name.
        File.Delete(System.IO.Path.Combine(dir.Path, "api/models/org/m/revision/refs%2Fpr%2F1"));
        await using var nginx = await NginxServer.StartAsync(dir.Path);
        using var client = new TempHome();

        var result = await client.Run().Env("HF_ENDPOINT", nginx.Url).RunAsync("get", "org/m", "--revision", "refs/pr/1");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(File.ReadAllText(client.Sub(".cache/huggingface/hub/models--org--m/refs/refs/pr/1"))).IsEqualTo(repo.Commit);
        await Assert.That(nginx.AccessLog().Any(l => l.StartsWith("GET /api/models/org/m/revision/refs%2Fpr%2F1 \"-\" 200 ", StringComparison.Ordinal)))
            .IsTrue().Because(string.Join('\n', nginx.AccessLog()));
    }

    internal static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
