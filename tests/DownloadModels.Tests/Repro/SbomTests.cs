using System.Text.Json.Nodes;
using DownloadModels.Lockfile;
using DownloadModels.Manifest;
using DownloadModels.Repos;
using DownloadModels.Sbom;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Repro;

/// <summary>`sbom`: the locked set as CycloneDX 1.6 JSON, checked by the CycloneDX library's validator against the official schema.</summary>
[Category(TestCategory.Host)]
public sealed class SbomTests
{
    [Test]
    public async Task Sbom_LockedSet_ValidAgainstTheCycloneDx16Schema()
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub);
        PipelineRepos.AddE5(hub);
        hub.AddRepo("org/data", "dataset").AddFile("train.csv", "a,b\n1,2\n").AddFile("big.parquet", 20_000, lfs: true);
        using var project = new ReproProject(hub.ApiUrl).Manifest("""
            [[model]]
            repo = "org/model"
            include = ["*.json", "*.bin"]

            [[model]]
            repo = "org/data"
            repo_type = "dataset"

            [[model]]
            preset = "embeddings"
            """);
        await project.MustRunAsync("lock");

        var sbom = await project.RunAsync("sbom");

        await Assert.That(sbom.ExitCode).IsEqualTo(0).Because(sbom.ToString());
        var (valid, output) = await CycloneDxValidator.ValidateAsync(sbom.StdOut);
        await Assert.That(valid).IsTrue().Because(output);
        var bom = JsonNode.Parse(sbom.StdOut)!;
        await Assert.That((string?)bom["specVersion"]).IsEqualTo("1.6");
        var types = bom["components"]!.AsArray().Select(c => (string)c!["type"]!).ToArray();
        await Assert.That(types).IsEquivalentTo(["machine-learning-model", "machine-learning-model", "data"]);
    }

    [Test]
    public async Task Sbom_RepoWithoutOrgAndHostilePaths_ValidAndPurlWithoutNamespace()
    {
        const string commit = "0123456789abcdef0123456789abcdef01234567";
        var lockFile = new LockedSet([new LockedModel(
            ModelInput.ForRepo(new RepoId(RepoType.Model, "gpt2"), "main", [], []), commit,
            [new RepoFile("model.safetensors", 10, new string('a', 40), new string('b', 64), new string('c', 64)),
             new RepoFile("with \"quotes\"/ünïcødé <tag> & more.json", 2, new string('d', 40), null)],
            [])]);

        var json = SbomBuilder.Json(lockFile, "0.1.0", reproducible: false, DateTimeOffset.UnixEpoch);

        var (valid, output) = await CycloneDxValidator.ValidateAsync(json);
        await Assert.That(valid).IsTrue().Because(output);
        await Assert.That((string?)JsonNode.Parse(json)!["components"]![0]!["purl"]).IsEqualTo($"pkg:huggingface/gpt2@{commit}");
    }

    [Test]
    public async Task Sbom_Validator_RejectsABrokenDocument()
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");
        var bom = JsonNode.Parse((await project.MustRunAsync("sbom")).StdOut)!;
        bom["components"]![0]!["hashes"] = new JsonArray(new JsonObject { ["alg"] = "SHA-256", ["content"] = "not hex" });

        var (valid, output) = await CycloneDxValidator.ValidateAsync(bom.ToJsonString());

        await Assert.That(valid).IsFalse().Because("the validator must check the schema, or the test above proves nothing");
        await Assert.That(output).Contains("hash-content");
    }

    [Test]
    public async Task Sbom_Model_PurlAndFileHashesFromTheLock()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");

        var bom = JsonNode.Parse((await project.MustRunAsync("sbom")).StdOut)!;

        var model = bom["components"]![0]!;
        await Assert.That((string?)model["type"]).IsEqualTo("machine-learning-model");
        await Assert.That((string?)model["purl"]).IsEqualTo($"pkg:huggingface/org/model@{repo.Commit}");
        await Assert.That((string?)model["group"]).IsEqualTo("org");
        await Assert.That((string?)model["name"]).IsEqualTo("model");
        await Assert.That((string?)model["version"]).IsEqualTo(repo.Commit);
        var files = model["components"]!.AsArray();
        var weights = files.Single(f => (string?)f!["name"] == "model.bin")!;
        await Assert.That((string?)weights["type"]).IsEqualTo("file");
        await Assert.That((string?)weights["hashes"]![0]!["alg"]).IsEqualTo("SHA-256");
        await Assert.That((string?)weights["hashes"]![0]!["content"]).IsEqualTo(repo.Sha256Of("model.bin"));
        var config = files.Single(f => (string?)f!["name"] == "config.json")!;
        await Assert.That(config["hashes"]).IsNull().Because("a git blob sha1 is not the SHA-1 of the content");
        await Assert.That(config["properties"]!.AsArray().Any(p => (string?)p!["name"] == "download-models:git_sha1" && (string?)p["value"] == repo.GitSha1Of("config.json"))).IsTrue();
    }

    [Test]
    public async Task SbomReproducible_Twice_SameBytesWithoutSerialOrTime()
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");

        var first = await project.MustRunAsync("sbom", "--reproducible");
        var second = await project.MustRunAsync("sbom", "--reproducible");
        var plain = JsonNode.Parse((await project.MustRunAsync("sbom")).StdOut)!;

        await Assert.That(second.StdOut).IsEqualTo(first.StdOut);
        await Assert.That(JsonNode.Parse(first.StdOut)!["serialNumber"]).IsNull();
        await Assert.That((string?)plain["serialNumber"]).StartsWith("urn:uuid:");
        await Assert.That(plain["metadata"]!["timestamp"]).IsNotNull();
    }

    [Test]
    public async Task SbomOutput_WritesTheFile()
    {
        await using var hub = await HubServer.StartAsync();
        ReproRepos.Add(hub);
        using var project = new ReproProject(hub.ApiUrl).Manifest(ReproRepos.Manifest);
        await project.MustRunAsync("lock");

        var result = await project.RunAsync("sbom", "--output", "models.cdx.json");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("CycloneDX 1.6, 1 model(s), 2 files");
        var (valid, output) = await CycloneDxValidator.ValidateAsync(File.ReadAllText(Path.Combine(project.Cli.WorkingDirectory, "models.cdx.json")));
        await Assert.That(valid).IsTrue().Because(output);
    }

    [Test]
    public async Task Sbom_NoLock_ExitsTwo()
    {
        using var project = new ReproProject("http://127.0.0.1:9").Manifest(ReproRepos.Manifest);

        var result = await project.RunAsync("sbom");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("run 'download-models lock' first");
    }
}
