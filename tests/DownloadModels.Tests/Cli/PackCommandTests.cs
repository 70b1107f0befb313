using DownloadModels.Tests.Bundle;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>pack: round trips through unpack, what the bundle holds, how the selection chooses it.</summary>
public sealed class PackCommandTests
{
    [Test]
    public async Task Pack_DefaultModels_UnpackIntoEmptyCacheGivesIdenticalLayout()
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness();
        var bundle = Path.Combine(source.Root, "models.tar.zst");
        await source.RunAsync();

        var pack = await source.RunAsync("pack", bundle);
        var unpack = await target.RunAsync("unpack", bundle);

        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        await Assert.That(CacheSnapshot.Of(target.HubCache)).IsEquivalentTo(CacheSnapshot.Of(source.HubCache));
        await Assert.That(unpack.StdOut).Contains("Unpacked 3 of 3 repo(s)");
    }

    [Test]
    public async Task Pack_NothingCached_DownloadsFirstThenPacks()
    {
        await using var hub = await HubServer.StartAsync();
        var whisper = PipelineRepos.AddWhisper(hub);
        using var source = new CliHarness(hub.ApiUrl);
        var bundle = Path.Combine(source.Root, "stt.tar.zst");

        var pack = await source.RunAsync("pack", bundle, "--only", "stt");

        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        await Assert.That(pack.StdOut).Contains("Packed 1 repo(s), 4 files");
        var manifest = BundleFile.ReadManifest(bundle);
        var model = manifest.Repos!.Single().Files!.Single(f => f.Path == "model.bin");
        await Assert.That(model.Lfs).IsTrue();
        await Assert.That(model.Sha256).IsEqualTo(whisper.Sha256Of("model.bin"));
        var config = manifest.Repos!.Single().Files!.Single(f => f.Path == "config.json");
        await Assert.That(config.Sha1).IsEqualTo(whisper.GitSha1Of("config.json"));
    }

    [Test]
    public async Task Pack_Bundle_ManifestFirstThenEachBlobOnce()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/twins").AddFile("a/w.bin", 5000, lfs: true, seed: 1).AddFile("b/w.bin", 5000, lfs: true, seed: 1).AddFile("c.json", "{}");
        using var source = new CliHarness(hub.ApiUrl);
        var bundle = Path.Combine(source.Root, "twins.tar.zst");

        var pack = await source.RunAsync("pack", bundle, "org/twins");

        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        var names = BundleFile.EntryNames(bundle);
        await Assert.That(names[0]).IsEqualTo("manifest.json");
        await Assert.That(names.Count(n => n.Contains("/blobs/", StringComparison.Ordinal))).IsEqualTo(2);
        await Assert.That(names).Contains($"models--org--twins/refs/main");
        await Assert.That(names).Contains($"models--org--twins/snapshots/{repo.Commit}/b/w.bin");
        await Assert.That(names).Contains($"models--org--twins/trees/{repo.Commit}.json");
    }

    [Test]
    public async Task Pack_RepoIdsWithPatterns_PacksOnlyTheSelectedFiles()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/any").AddFile("a.json", "{}").AddFile("w.bin", 2000, lfs: true).AddFile("onnx/m.onnx", 100, lfs: true);
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness();
        var bundle = Path.Combine(source.Root, "any.tar.zst");

        var pack = await source.RunAsync("pack", bundle, "org/any", "--include", "*.json", "--include", "onnx/");
        var unpack = await target.RunAsync("unpack", bundle);

        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        var snapshot = Path.Combine(target.HubCache, "models--org--any", "snapshots", repo.Commit);
        var files = Directory.EnumerateFileSystemEntries(snapshot, "*", SearchOption.AllDirectories).Where(p => new FileInfo(p).LinkTarget is not null)
            .Select(p => Path.GetRelativePath(snapshot, p)).Order(StringComparer.Ordinal).ToArray();
        await Assert.That(files).IsEquivalentTo(["a.json", "onnx/m.onnx"]);
    }

    [Test]
    public async Task Pack_CommitRevision_BundleHasNoRef()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/pinned").AddFile("a.json", "{}");
        using var source = new CliHarness(hub.ApiUrl);
        using var target = new CliHarness();
        var bundle = Path.Combine(source.Root, "pinned.tar.zst");

        var pack = await source.RunAsync("pack", bundle, "org/pinned", "--revision", repo.Commit);
        var unpack = await target.RunAsync("unpack", bundle);

        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        await Assert.That(BundleFile.EntryNames(bundle).Any(n => n.Contains("/refs/", StringComparison.Ordinal))).IsFalse();
        await Assert.That(File.Exists(Path.Combine(target.HubCache, "models--org--pinned", "snapshots", repo.Commit, "a.json"))).IsTrue();
    }

    [Test]
    public async Task Pack_ExistingBundle_IsReplaced()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/m").AddFile("a.json", "{}");
        using var source = new CliHarness(hub.ApiUrl);
        var bundle = Path.Combine(source.Root, "m.tar.zst");
        await File.WriteAllTextAsync(bundle, "old");

        var pack = await source.RunAsync("pack", bundle, "org/m");

        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        await Assert.That(BundleFile.EntryNames(bundle)[0]).IsEqualTo("manifest.json");
    }
}
