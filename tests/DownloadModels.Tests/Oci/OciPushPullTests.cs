using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Interop;

namespace DownloadModels.Tests.Oci;

/// <summary>
/// push and pull (the published binary) against Debian's docker-registry: skopeo accepts what push wrote and
/// checks its digests; huggingface_hub loads offline what pull wrote into a fresh cache; a second push sends no
/// blob; an artifact skopeo copied into another registry pulls the same.
/// </summary>
[Category(TestCategory.Host)]
public sealed class OciPushPullTests
{
    [Test]
    public async Task Push_DropInSet_SkopeoCopiesItAndPythonLoadsThePullOffline()
    {
        await using var hub = await PipelineHub.StartAsync();
        await using var registry = await TestRegistry.StartAsync();
        using var source = new TempHome();
        using var target = new TempHome();
        using var copy = new TempHome();
        var reference = registry.Ref("models/pipeline:v1");

        var push = await hub.DropInAsync(source, "push", reference, "--registry-insecure");
        var again = await hub.DropInAsync(source, "push", reference, "--registry-insecure", "--json");
        var inspect = await Skopeo.RunAsync("inspect", "--raw", "--tls-verify=false", $"docker://{registry.Host}/models/pipeline:v1");
        var skopeoCopy = await Skopeo.RunAsync("copy", "--all", "--src-tls-verify=false", $"docker://{registry.Host}/models/pipeline:v1", $"oci:{copy.Sub("layout")}:v1");
        var mark = hub.Mark();
        var pull = await target.Run().Env("HF_HOME", target.Sub("hf")).RunAsync("pull", reference, "--registry-insecure");

        await Assert.That(push.ExitCode).IsEqualTo(0).Because(push.ToString());
        await Assert.That(again.ExitCode).IsEqualTo(0).Because(again.ToString());
        var registryDoc = JsonNode.Parse(again.StdOut)!["registry"]!;
        await Assert.That(registryDoc["blobs_sent"]!.GetValue<int>()).IsEqualTo(0).Because("a second push of the same set sends no blob: " + again.StdOut);
        await Assert.That(registryDoc["blobs_skipped"]!.GetValue<int>()).IsGreaterThan(0);
        await Assert.That(inspect.Exit).IsEqualTo(0).Because(inspect.Err);
        var index = JsonNode.Parse(inspect.Out)!;
        await Assert.That(index["mediaType"]!.GetValue<string>()).IsEqualTo("application/vnd.oci.image.index.v1+json");
        await Assert.That(index["manifests"]!.AsArray().Count).IsEqualTo(hub.Repos.Count);
        await Assert.That(skopeoCopy.Exit).IsEqualTo(0).Because(skopeoCopy.Err);
        await Assert.That(pull.ExitCode).IsEqualTo(0).Because(pull.ToString());
        await Assert.That(hub.Since(mark).Count).IsEqualTo(0).Because("pull reads the registry only");

        // Every manifest skopeo stored: a ModelPack model whose layers carry the file paths and whose blobs are the files' bytes.
        var layout = copy.Sub("layout");
        foreach (var entry in index["manifests"]!.AsArray())
        {
            var manifest = JsonNode.Parse(await File.ReadAllBytesAsync(BlobPath(layout, entry!["digest"]!.GetValue<string>())))!;
            await Assert.That(manifest["artifactType"]!.GetValue<string>()).IsEqualTo("application/vnd.cncf.model.manifest.v1+json");
            await Assert.That(manifest["config"]!["mediaType"]!.GetValue<string>()).IsEqualTo("application/vnd.cncf.model.config.v1+json");
            var repoId = manifest["annotations"]!["io.download-models.hf.repo"]!.GetValue<string>();
            var repo = hub.Repos.Single(r => r.Repo.Id == repoId).Repo;
            foreach (var layer in manifest["layers"]!.AsArray())
            {
                var path = layer!["annotations"]!["org.cncf.model.filepath"]!.GetValue<string>();
                var bytes = await File.ReadAllBytesAsync(BlobPath(layout, layer["digest"]!.GetValue<string>()));
                await Assert.That(Convert.ToHexStringLower(SHA256.HashData(bytes))).IsEqualTo(repo.Sha256Of(path));
                await Assert.That(layer["mediaType"]!.GetValue<string>()).EndsWith(".raw");
            }
        }

        var cache = PipelineHub.CacheOf(target);
        var problems = hub.Repos.SelectMany(r => TreesFiles.HubFormatProblems(TreesFiles.PathOf(cache, r.Repo), r.Repo)).ToList();
        var run = await PipelineLoads.RunAsync(new PythonRun(target.Path).Cache(cache).Endpoint(hub.Url).Offline(), hub);
        problems.AddRange(PipelineLoads.Problems(run, hub));
        PipelineLoads.FailOn(run, problems);
    }

    [Test]
    public async Task Pull_ArtifactSkopeoCopiedToAnotherRegistry_SameSnapshotAsTheSource()
    {
        await using var hub = await PipelineHub.StartAsync();
        await using var first = await TestRegistry.StartAsync();
        await using var second = await TestRegistry.StartAsync();
        using var source = new TempHome();
        using var target = new TempHome();

        var push = await hub.DropInAsync(source, "push", first.Ref("models/e5:v1"), hub.E5.Id, "--registry-insecure");
        var copy = await Skopeo.RunAsync("copy", "--src-tls-verify=false", "--dest-tls-verify=false", $"docker://{first.Host}/models/e5:v1", $"docker://{second.Host}/mirrored/e5:v2");
        var pull = await target.Run().Env("HF_HOME", target.Sub("hf")).RunAsync("pull", second.Ref("mirrored/e5:v2"), "--registry-insecure", "--json");

        await Assert.That(push.ExitCode).IsEqualTo(0).Because(push.ToString());
        await Assert.That(copy.Exit).IsEqualTo(0).Because(copy.Err);
        await Assert.That(pull.ExitCode).IsEqualTo(0).Because(pull.ToString());
        var sourceSnapshot = Path.Combine(PipelineHub.RepoFolder(PipelineHub.CacheOf(source), hub.E5), "snapshots", hub.E5.Commit);
        var targetSnapshot = JsonNode.Parse(pull.StdOut)!["repos"]![0]!["snapshot_path"]!.GetValue<string>();
        await Assert.That(Listing(targetSnapshot)).IsEquivalentTo(Listing(sourceSnapshot));
        await Assert.That(File.ReadAllText(Path.Combine(PipelineHub.RepoFolder(PipelineHub.CacheOf(target), hub.E5), "refs", "main"))).IsEqualTo(hub.E5.Commit);
    }

    [Test]
    public async Task Pull_PartialBlobLeftByAnEarlierRun_ResumesWithRange()
    {
        await using var s = await PushedE5.StartAsync();
        var (hub, registry, largest) = (s.Hub, s.Registry, s.LargestLfsFile);
        var content = hub.E5.GetContent(largest);
        var blobs = Path.Combine(PipelineHub.RepoFolder(PipelineHub.CacheOf(s.Target), hub.E5), "blobs");
        Directory.CreateDirectory(blobs);
        await File.WriteAllBytesAsync(Path.Combine(blobs, hub.E5.Sha256Of(largest) + ".incomplete"), content[..(content.Length / 2)]);

        var pull = await s.InTarget().RunAsync("pull", registry.Ref(PushedE5.Reference), "--registry-insecure", "--json");

        await Assert.That(pull.ExitCode).IsEqualTo(0).Because(pull.ToString());
        await Assert.That(registry.AccessLines().Any(l => l.Path.Contains(hub.E5.Sha256Of(largest), StringComparison.Ordinal) && l.Status == 206))
            .IsTrue().Because("the rest of the blob is asked for with Range: " + registry.Log);
        await Assert.That(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(blobs, hub.E5.Sha256Of(largest)))))).IsEqualTo(hub.E5.Sha256Of(largest));
    }

    internal static string BlobPath(string layout, string digest) => Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]);

    internal static string[] Listing(string snapshot) =>
        [.. Directory.EnumerateFiles(snapshot, "*", SearchOption.AllDirectories)
            .Select(f => $"{Path.GetRelativePath(snapshot, f)} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))}").Order(StringComparer.Ordinal)];

    internal static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
