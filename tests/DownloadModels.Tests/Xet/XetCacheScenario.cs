using System.Text.Json.Nodes;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Reliability;
using DownloadModels.Tests.XetCrossCheck;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Xet;

using static DownloadModels.Tests.FakeHub.Xet.XetStandardFixtures;

/// <summary>
/// A cache filled over Xet from the fake hub and CAS with the JS-made fixtures: <c>org/model</c> at v1 (its commit
/// <see cref="V1Commit"/>), and after <see cref="UpgradeAsync"/> at v2 (<see cref="V2Commit"/>, main), each blob with
/// the chunk map the download wrote. For the tests of chunk maps' upkeep (rm, prune, verify, list, the downloader).
/// </summary>
internal sealed class XetCacheScenario : IAsyncDisposable
{
    public const string File = "model.safetensors";
    public const string V2Commit = "2222222222222222222222222222222222222222";

    private XetCacheScenario(HubServer hub, XetFixtures fixtures)
    {
        Hub = hub;
        Fixtures = fixtures;
        Repo = hub.AddRepo("org/model").AddXetFile(File, fixtures.Set, ModelV1);
        V1Commit = Repo.Commit;
        Cli = new CliHarness(hub.ApiUrl);
    }

    public HubServer Hub { get; }
    public XetFixtures Fixtures { get; }
    public FakeRepo Repo { get; }
    public string V1Commit { get; }
    public CliHarness Cli { get; }

    public string Folder => Path.Combine(Cli.HubCache, "models--org--model");

    public string V1Sha => Fixtures.File(ModelV1).Sha256;

    public string V2Sha => Fixtures.File(ModelV2).Sha256;

    /// <summary>A hub with org/model at v1, downloaded into the cache (its map written).</summary>
    public static async Task<XetCacheScenario> StartAsync(XetFixtures fixtures, CancellationToken ct)
    {
        var scenario = new XetCacheScenario(await HubServer.StartAsync(), fixtures);
        var get = await scenario.Cli.RunAsync(["get", "org/model"], ct);
        if (get.ExitCode != 0 || !System.IO.File.Exists(scenario.MapOf(scenario.V1Sha)))
            throw new InvalidOperationException("v1 did not download with its chunk map: " + get);
        return scenario;
    }

    /// <summary>
    /// Another start: <c>org/base</c> at v1 downloaded (its map written), and <c>other/tuned</c> on the hub, not
    /// downloaded, whose file shares most of v1's chunks. Dispose the first.
    /// </summary>
    public static async Task<(DownloadedRepo Base, FakeRepo Sibling)> WithSiblingAsync(XetFixtures fixtures, CancellationToken ct)
    {
        var downloaded = await DownloadedRepo.StartAsync(hub =>
        {
            var first = hub.AddRepo("org/base").AddXetFile(File, fixtures.Set, ModelV1);
            hub.AddRepo("other/tuned").AddXetFile(File, fixtures.Set, Sibling);
            return first;
        }, ["get", "org/base"], ct);
        return (downloaded, downloaded.Hub.FindRepo("other/tuned")!);
    }

    /// <summary>Moves main to v2 (v1 stays reachable by its commit) and downloads it: its chunks mostly come from v1's blob.</summary>
    public async Task<ProcessResult> UpgradeAsync(CancellationToken ct, params string[] extra)
    {
        Repo.SetCommit(V2Commit).AddXetFile(File, Fixtures.Set, ModelV2);
        return await Cli.RunAsync(["get", "org/model", .. extra], ct);
    }

    /// <summary>The bytes of the xorbs v2's upload added (what its new chunks need).</summary>
    public static long V2NewXorbBytes(XetFixtures fixtures) =>
        fixtures.File(ModelV2).Terms.Where(t => fixtures.Set.Xorbs[t.Xorb].Upload == "model-v2").Select(t => t.Xorb).Distinct().Sum(x => fixtures.Set.Xorbs[x].Bytes.LongLength);

    /// <summary><see cref="File"/>'s entry in a download's --json document.</summary>
    public static JsonNode FileOf(string json) =>
        JsonNode.Parse(json)!["repos"]![0]!["files"]!.AsArray().Single(f => f!["path"]!.GetValue<string>() == File)!;

    /// <summary>
    /// An upgrade v1 → v2 with v1's blob in the cache (<paramref name="how"/> it got there, for the log line) went
    /// right and reused v1's chunks: most of v2 reused, little more than v2's new xorbs fetched, far less than v2 whole.
    /// </summary>
    public static async Task AssertFetchedOnlyV2sNewChunksAsync(XetFixtures fixtures, ProcessResult upgrade, long fetched, string hubCache, FakeRepo repo, string how)
    {
        var v2 = fixtures.File(ModelV2);
        var newXorbs = V2NewXorbBytes(fixtures);
        await Assert.That(upgrade.ExitCode).IsEqualTo(0).Because(upgrade.ToString());
        var file = FileOf(upgrade.StdOut);
        Console.WriteLine($"upgrade v1 -> v2 ({how}): {fetched:N0} xorb bytes fetched of {fixtures.Set.XorbBytesNeeded(v2):N0} needed whole; "
            + $"v2's new xorbs hold {newXorbs:N0}; reused {file["bytes_reused"]} B of {v2.Size:N0}");
        await Assert.That(CacheCheck.Problems(hubCache, repo)).IsEmpty();
        await Assert.That(file["bytes_reused"]!.GetValue<long>()).IsGreaterThan(v2.Size * 7 / 10);
        await Assert.That(fetched).IsLessThanOrEqualTo((newXorbs * 11 / 10) + (4 * 128 * 1024));
        await Assert.That(fetched).IsLessThan(fixtures.Set.XorbBytesNeeded(v2) / 3);
    }

    public string MapOf(string sha256) => Path.Combine(Folder, "xet-chunks", sha256);

    public string BlobOf(string sha256) => Path.Combine(Folder, "blobs", sha256);

    /// <summary>The names in the repo's xet-chunks/ folder, sorted.</summary>
    public string[] MapNames() =>
        Directory.Exists(Path.Combine(Folder, "xet-chunks"))
            ? [.. Directory.EnumerateFileSystemEntries(Path.Combine(Folder, "xet-chunks")).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal)]
            : [];

    public async ValueTask DisposeAsync()
    {
        Cli.Dispose();
        await Hub.DisposeAsync();
    }
}
