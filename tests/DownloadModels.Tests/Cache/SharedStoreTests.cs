using System.Text.Json;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Interop;

namespace DownloadModels.Tests.Cache;

/// <summary>
/// A cache converted to huggingface_hub's shared blob store (repo blobs linked into {cache}/blobs/): every
/// command reads through the links, nothing downloads those files again, replaces a link or deletes store content.
/// </summary>
public sealed class SharedStoreTests
{
    /// <summary>The default pipeline models, downloaded, then converted to the store layout.</summary>
    private static async Task<(FakeHub.FakeHub Hub, CliHarness Cli, IReadOnlyDictionary<string, string> Moved)> StoreCacheAsync()
    {
        var hub = await FakeHub.FakeHub.StartAsync();
        PipelineRepos.AddAll(hub);
        var cli = new CliHarness(hub.ApiUrl);
        var download = await cli.RunAsync();
        if (download.ExitCode != 0)
            throw new InvalidOperationException(download.ToString());
        var moved = SharedStoreConverter.Convert(cli.HubCache);
        hub.ClearRequests();
        return (hub, cli, moved);
    }

    private static Dictionary<string, string> Snapshot(CliHarness cli) =>
        Directory.EnumerateFileSystemEntries(cli.HubCache, "*", SearchOption.AllDirectories)
            .Where(p => !Path.GetRelativePath(cli.HubCache, p).StartsWith(".locks", StringComparison.Ordinal))
            .ToDictionary(p => Path.GetRelativePath(cli.HubCache, p), p => new FileInfo(p) switch
            {
                { LinkTarget: { } target } => "-> " + target,
                { Exists: true } info => info.Length + ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p))),
                _ => "folder",
            }, StringComparer.Ordinal);

    [Test]
    public async Task DropIn_BlobsLinkedIntoStore_NothingFetchedNothingChanged()
    {
        var (hub, cli, moved) = await StoreCacheAsync();
        await using var _1 = hub;
        using var _2 = cli;
        var before = Snapshot(cli);

        var result = await cli.RunAsync();

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(moved.Count).IsGreaterThan(5);
        await Assert.That(hub.Requests.Where(r => r.Host == FakeHost.Cdn || r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal))).IsEmpty();
        await Assert.That(Snapshot(cli)).IsEquivalentTo(before);
    }

    [Test]
    [Arguments(false)]
    [Arguments(true)]
    public async Task Verify_BlobsLinkedIntoStore_EveryFileIntact(bool offline)
    {
        var (hub, cli, _) = await StoreCacheAsync();
        await using var _1 = hub;
        using var _2 = cli;

        var result = await cli.RunAsync(offline ? ["verify", "--offline"] : ["verify"]);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("3 repos verified: every file intact");
    }

    [Test]
    public async Task VerifyRepair_StoreFileCorrupt_RepoLinkReplacedStoreFileUntouched()
    {
        var (hub, cli, moved) = await StoreCacheAsync();
        await using var _1 = hub;
        using var _2 = cli;
        var (repoBlob, storeFile) = moved.First(m => m.Key.Contains("faster-whisper", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(storeFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var bytes = File.ReadAllBytes(storeFile);
        bytes[10] ^= 0xFF;
        File.WriteAllBytes(storeFile, bytes);

        var verify = await cli.RunAsync("verify", "--only", "stt");
        var repair = await cli.RunAsync("verify", "--only", "stt", "--repair");

        await Assert.That(verify.ExitCode).IsEqualTo(1).Because(verify.ToString());
        await Assert.That(verify.StdOut).Contains("corrupt");
        await Assert.That(repair.ExitCode).IsEqualTo(0).Because(repair.ToString());
        await Assert.That(File.ReadAllBytes(storeFile)).IsEquivalentTo(bytes).Because("store content is never changed through a repo's link");
        await Assert.That(new FileInfo(repoBlob).LinkTarget).IsNull();
    }

    [Test]
    public async Task List_CacheWithStore_StoreShownOnceNotAsARepo()
    {
        var (hub, cli, moved) = await StoreCacheAsync();
        await using var _1 = hub;
        using var _2 = cli;

        var json = await cli.RunAsync("list", "--json");
        var table = await cli.RunAsync("list");

        await Assert.That(json.ExitCode).IsEqualTo(0).Because(json.ToString());
        using var document = JsonDocument.Parse(json.StdOut);
        var root = document.RootElement;
        var store = root.GetProperty("shared_blob_store");
        await Assert.That(store.GetProperty("file_count").GetInt64()).IsEqualTo(moved.Values.Distinct().Count());
        await Assert.That(store.GetProperty("bytes").GetInt64()).IsEqualTo(moved.Values.Distinct().Sum(f => new FileInfo(f).Length));
        await Assert.That(root.GetProperty("issues").GetArrayLength()).IsEqualTo(0);
        foreach (var repo in root.GetProperty("repos").EnumerateArray())
            await Assert.That(repo.GetProperty("issues").GetArrayLength()).IsEqualTo(0).Because(repo.ToString());
        await Assert.That(table.StdOut).Contains("Shared blob store (blobs/, huggingface_hub's)");
        await Assert.That(table.StdOut).DoesNotContain("not-a-repo");
    }

    [Test]
    public async Task PackThenUnpack_BlobsInStore_BundleCarriesTheContent()
    {
        var (hub, cli, _) = await StoreCacheAsync();
        await using var _1 = hub;
        using var _2 = cli;
        var bundle = Path.Combine(cli.Root, "models.tar.zst");
        using var target = new CliHarness("http://127.0.0.1:9");

        var pack = await cli.RunAsync("pack", bundle, "--offline");
        var unpack = await target.RunAsync("unpack", bundle);
        var verify = await target.RunAsync("verify", "--offline");

        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        await Assert.That(verify.ExitCode).IsEqualTo(0).Because(verify.ToString());
    }

    [Test]
    public async Task Unpack_IntoCacheWithStore_LinkedBlobsCountAsPresentAndStayLinks()
    {
        var (hub, cli, moved) = await StoreCacheAsync();
        await using var _1 = hub;
        using var _2 = cli;
        using var source = new CliHarness(hub.ApiUrl);
        var bundle = Path.Combine(source.Root, "models.tar.zst");
        var pack = await source.RunAsync("pack", bundle);
        var before = Snapshot(cli);

        var unpack = await cli.RunAsync("unpack", bundle);

        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        await Assert.That(Snapshot(cli)).IsEquivalentTo(before);
        foreach (var repoBlob in moved.Keys)
            await Assert.That(new FileInfo(repoBlob).LinkTarget).IsNotNull();
    }

    [Test]
    public async Task Mirror_BlobsInStore_ServesTheirContent()
    {
        var (hub, cli, moved) = await StoreCacheAsync();
        await using var _1 = hub;
        using var _2 = cli;
        var dir = Path.Combine(cli.Root, "mirror");
        Directory.CreateDirectory(dir);

        var result = await cli.RunAsync("mirror", dir, "--only", "stt", "--offline");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var (_, storeFile) = moved.First(m => m.Key.Contains("faster-whisper", StringComparison.Ordinal));
        var served = Directory.EnumerateFiles(Path.Combine(dir, "Systran", "faster-whisper-tiny", "resolve"), "model.bin", SearchOption.AllDirectories)
            .Single(p => !p.Contains("/resolve/main/", StringComparison.Ordinal));
        await Assert.That(File.ReadAllBytes(served)).IsEquivalentTo(File.ReadAllBytes(storeFile));
    }
}
