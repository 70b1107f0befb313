using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cache;

/// <summary>The cache a run leaves must be, byte for byte, what huggingface_hub leaves (cache-layout.md).</summary>
public sealed class CacheLayoutTests
{
    [Test]
    public async Task Get_RegularLfsAndNestedFiles_ExactBlobsLinksAndRef()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model")
            .AddFile("config.json", "{\"a\": 1}\n")
            .AddFile("1_Pooling/config.json", "{\"pool\": true}\n")
            .AddFile("weights.safetensors", 70_000, lfs: true)
            .AddFile("empty.txt", Array.Empty<byte>());
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var c = repo.Commit;
        string[] expected =
        [
            "CACHEDIR.TAG",
            ".locks/models--org--model/" + repo.GitSha1Of("1_Pooling/config.json") + ".lock",
            ".locks/models--org--model/" + repo.GitSha1Of("config.json") + ".lock",
            ".locks/models--org--model/" + repo.GitSha1Of("empty.txt") + ".lock",
            ".locks/models--org--model/" + repo.Sha256Of("weights.safetensors") + ".lock",
            ".locks/models--org--model/download-models.lock", // ours: held while the snapshot has no ref yet (rm and prune wait for it)
            "models--org--model/blobs/" + repo.GitSha1Of("1_Pooling/config.json"),
            "models--org--model/blobs/" + repo.GitSha1Of("config.json"),
            "models--org--model/blobs/" + repo.GitSha1Of("empty.txt"),
            "models--org--model/blobs/" + repo.Sha256Of("weights.safetensors"),
            "models--org--model/refs/main",
            $"models--org--model/trees/{c}.json",
            $"models--org--model/snapshots/{c}/1_Pooling/config.json -> ../../../blobs/{repo.GitSha1Of("1_Pooling/config.json")}",
            $"models--org--model/snapshots/{c}/config.json -> ../../blobs/{repo.GitSha1Of("config.json")}",
            $"models--org--model/snapshots/{c}/empty.txt -> ../../blobs/{repo.GitSha1Of("empty.txt")}",
            $"models--org--model/snapshots/{c}/weights.safetensors -> ../../blobs/{repo.Sha256Of("weights.safetensors")}",
        ];
        await Assert.That(cli.Layout()).IsEquivalentTo(expected.Order(StringComparer.Ordinal).ToArray());
        await Assert.That(File.ReadAllBytes(Path.Combine(cli.HubCache, "models--org--model/refs/main"))).IsEquivalentTo(System.Text.Encoding.ASCII.GetBytes(c));
        var weights = Path.Combine(cli.HubCache, $"models--org--model/snapshots/{c}/weights.safetensors");
        await Assert.That(HubServer.Sha256Hex(File.ReadAllBytes(weights))).IsEqualTo(repo.Sha256Of("weights.safetensors"));
    }

    [Test]
    public async Task Get_PrRevision_NestedRefFile()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.txt", "a").AddBranch("refs/pr/1");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model", "--revision", "refs/pr/1");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(File.ReadAllText(Path.Combine(cli.HubCache, "models--org--model/refs/refs/pr/1"))).IsEqualTo(repo.Commit);
        await Assert.That(File.Exists(Path.Combine(cli.HubCache, "models--org--model/refs/main"))).IsFalse();
    }

    [Test]
    public async Task Get_CommitAsRevision_NoRefWritten()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.txt", "a");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model", "--revision", repo.Commit);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--model/refs"))).IsFalse();
        await Assert.That(File.Exists(Path.Combine(cli.HubCache, $"models--org--model/snapshots/{repo.Commit}/a.txt"))).IsTrue();
    }

    [Test]
    public async Task SecondRun_EverythingCached_FetchesNoFileButRepairsLinks()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.txt", "a").AddFile("w.bin", 10_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("get", "org/model");
        var link = Path.Combine(cli.HubCache, $"models--org--model/snapshots/{repo.Commit}/w.bin");
        File.Delete(link);
        File.Delete(Path.Combine(cli.HubCache, "models--org--model/refs/main"));
        var before = hub.Requests.Count;

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var fileRequests = hub.Requests.Skip(before).Where(r => r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal) || r.Host == FakeHost.Cdn).ToArray();
        await Assert.That(fileRequests).IsEmpty();
        await Assert.That(new FileInfo(link).LinkTarget).IsEqualTo("../../blobs/" + repo.Sha256Of("w.bin"));
        await Assert.That(File.ReadAllText(Path.Combine(cli.HubCache, "models--org--model/refs/main"))).IsEqualTo(repo.Commit);
    }

    [Test]
    public async Task Get_SameBlobInTwoPaths_OneBlobTwoLinks()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a/config.json", "{}").AddFile("b/config.json", "{}");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.GetFiles(Path.Combine(cli.HubCache, "models--org--model/blobs")).Length).IsEqualTo(1);
        await Assert.That(File.ReadAllText(Path.Combine(cli.HubCache, $"models--org--model/snapshots/{repo.Commit}/b/config.json"))).IsEqualTo("{}");
    }
}
