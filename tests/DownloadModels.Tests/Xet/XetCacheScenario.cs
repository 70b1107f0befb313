using DownloadModels.Tests.Cli;
using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
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

    /// <summary>Moves main to v2 (v1 stays reachable by its commit) and downloads it: its chunks mostly come from v1's blob.</summary>
    public async Task<ProcessResult> UpgradeAsync(CancellationToken ct, params string[] extra)
    {
        Repo.SetCommit(V2Commit).AddXetFile(File, Fixtures.Set, ModelV2);
        return await Cli.RunAsync(["get", "org/model", .. extra], ct);
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
