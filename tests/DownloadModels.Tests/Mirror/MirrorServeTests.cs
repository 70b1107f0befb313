using System.Security.Cryptography;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Tests.Mirror;

/// <summary>Mirror, serve the folder with a plain static file server, download from it into an empty cache.</summary>
public sealed class MirrorServeTests
{
    [Test]
    public async Task Mirror_DefaultModels_ClientCacheFromStaticServerMatchesHubs()
    {
        await using var setup = await MirrorSetup.StartAsync();
        PipelineRepos.AddAll(setup.Hub);
        var mirror = await setup.MirrorAsync();
        await using var server = await StaticFileServer.StartAsync(setup.Dir);
        var client = setup.Client(server.Url);

        var result = await client.RunAsync();

        await Assert.That(mirror.ExitCode).IsEqualTo(0).Because(mirror.ToString());
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        // Same blobs, links, refs and .no_exist markers as the machine that fetched from the Hub.
        await Assert.That(client.Layout().Where(p => !p.StartsWith(".locks", StringComparison.Ordinal)).ToArray())
            .IsEquivalentTo(setup.Source.Layout().Where(p => !p.StartsWith(".locks", StringComparison.Ordinal)).ToArray());
        await Assert.That(server.Requests.Where(r => r.PathAndQuery.Contains("/tree/", StringComparison.Ordinal)).Select(r => r.Status).Distinct().ToArray())
            .IsEquivalentTo([200]);
    }

    [Test]
    public async Task Mirror_Get_ServesOnlySelectedFilesAndClientGetsThemAll()
    {
        await using var setup = await MirrorSetup.StartAsync();
        var repo = setup.Hub.AddRepo("org/m").AddFile("a.json", "{}").AddFile("w.bin", 50_000, lfs: true).AddFile("big.onnx", 70_000, lfs: true);
        var mirror = await setup.MirrorAsync("org/m", "--exclude", "*.onnx");
        await using var server = await StaticFileServer.StartAsync(setup.Dir);
        var client = setup.Client(server.Url);

        var result = await client.RunAsync("get", "org/m");

        await Assert.That(mirror.ExitCode).IsEqualTo(0).Because(mirror.ToString());
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var snapshot = Path.Combine(client.HubCache, "models--org--m", "snapshots", repo.Commit);
        await Assert.That(Directory.GetFiles(snapshot).Select(p => Path.GetFileName(p)).Order().ToArray()).IsEquivalentTo(["a.json", "w.bin"]);
        await Assert.That(Sha256(Path.Combine(snapshot, "w.bin"))).IsEqualTo(repo.Sha256Of("w.bin"));
        await Assert.That(File.ReadAllText(Path.Combine(client.HubCache, "models--org--m", "refs", "main"))).IsEqualTo(repo.Commit);
    }

    [Test]
    public async Task Mirror_TwoSelections_TreeListsBoth()
    {
        await using var setup = await MirrorSetup.StartAsync();
        setup.Hub.AddRepo("org/m").AddFile("a.json", "{}").AddFile("b.json", "[]").AddFile("c.json", "1");
        await setup.MirrorAsync("org/m", "--include", "a.json");
        var second = await setup.MirrorAsync("org/m", "--include", "b.json");
        await using var server = await StaticFileServer.StartAsync(setup.Dir);
        var client = setup.Client(server.Url);

        var result = await client.RunAsync("get", "org/m");

        await Assert.That(second.ExitCode).IsEqualTo(0).Because(second.ToString());
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(client.Layout().Count(p => p.Contains("/snapshots/", StringComparison.Ordinal))).IsEqualTo(2);
    }

    [Test]
    public async Task Mirror_RevisionWithSlash_ClientResolvesItThroughStaticServer()
    {
        await using var setup = await MirrorSetup.StartAsync();
        var repo = setup.Hub.AddRepo("org/m").AddBranch("refs/pr/1").AddFile("a.json", "{}");
        var mirror = await setup.MirrorAsync("org/m", "--revision", "refs/pr/1");
        await using var server = await StaticFileServer.StartAsync(setup.Dir);
        var client = setup.Client(server.Url);

        var result = await client.RunAsync("get", "org/m", "--revision", "refs/pr/1");

        await Assert.That(mirror.ExitCode).IsEqualTo(0).Because(mirror.ToString());
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(File.ReadAllText(Path.Combine(client.HubCache, "models--org--m", "refs", "refs", "pr", "1"))).IsEqualTo(repo.Commit);
        // Both spellings: decoded (nginx, Caddy, object stores) and literal %2F (Kestrel, which this server is).
        await Assert.That(File.Exists(setup.MirrorFile("api/models/org/m/revision/refs/pr/1"))).IsTrue();
        await Assert.That(File.Exists(setup.MirrorFile("api/models/org/m/revision/refs%2Fpr%2F1"))).IsTrue();
        await Assert.That(File.ReadAllText(setup.MirrorFile("org/m/resolve/refs/pr/1/a.json"))).IsEqualTo("{}");
    }

    [Test]
    public async Task Mirror_Dataset_ClientGetsItThroughStaticServer()
    {
        await using var setup = await MirrorSetup.StartAsync();
        var repo = setup.Hub.AddRepo("org/d", "dataset").AddFile("data/train.csv", "a,b\n1,2\n").AddFile("x.parquet", 9_000, lfs: true);
        var mirror = await setup.MirrorAsync("org/d", "--repo-type", "dataset");
        await using var server = await StaticFileServer.StartAsync(setup.Dir);
        var client = setup.Client(server.Url);

        var result = await client.RunAsync("get", "org/d", "--repo-type", "dataset");

        await Assert.That(mirror.ExitCode).IsEqualTo(0).Because(mirror.ToString());
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var snapshot = Path.Combine(client.HubCache, "datasets--org--d", "snapshots", repo.Commit);
        await Assert.That(Sha256(Path.Combine(snapshot, "x.parquet"))).IsEqualTo(repo.Sha256Of("x.parquet"));
        await Assert.That(File.Exists(setup.MirrorFile($"datasets/org/d/resolve/{repo.Commit}/data/train.csv"))).IsTrue();
    }

    [Test]
    public async Task Client_PartialBlobInCache_ResumesWithRangeFromStaticServer()
    {
        await using var setup = await MirrorSetup.StartAsync();
        var repo = setup.Hub.AddRepo("org/m").AddFile("w.bin", 300_000, lfs: true);
        await setup.MirrorAsync("org/m");
        await using var server = await StaticFileServer.StartAsync(setup.Dir);
        var client = setup.Client(server.Url);
        var blobs = Directory.CreateDirectory(Path.Combine(client.HubCache, "models--org--m", "blobs")).FullName;
        var sha = repo.Sha256Of("w.bin");
        await File.WriteAllBytesAsync(Path.Combine(blobs, sha + ".incomplete"), repo.GetContent("w.bin")[..120_000]);

        var result = await client.RunAsync("get", "org/m");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Sha256(Path.Combine(blobs, sha))).IsEqualTo(sha);
        await Assert.That(server.Requests.Any(r => r.PathAndQuery.EndsWith("/w.bin", StringComparison.Ordinal) && r.Range == "bytes=120000-" && r.Status == 206)).IsTrue();
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
