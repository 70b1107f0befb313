using System.Text.Json.Nodes;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Interop;
using DownloadModels.Tests.Reliability;
using DownloadModels.Tests.XetCrossCheck;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Xet;

using static DownloadModels.Tests.FakeHub.Xet.XetStandardFixtures;

/// <summary>
/// Chunk maps learnt on demand (issue 22) for blobs this tool did not download over Xet: v1 written by
/// huggingface_hub (../shared/oracle/hf-python, over HTTP from the fake hub: its blob has no map of ours) or unpacked
/// from a bundle; the upgrade to v2 (the JS uploader's fixtures, v2 deduped against v1's xorb by the fake CAS) learns
/// v1's map from its reconstruction (JSON only), probes for the terms it cannot place, copies what the cache holds and
/// fetches little more than v2's new xorbs. --dry-run predicts the same reuse without a xorb byte; a source blob
/// corrupted on disk is caught and not propagated; kill -9 mid-upgrade leaves a partial the next run finishes.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
[Timeout(180_000)]
public sealed class XetLearntReuseTests(XetFixtures fixtures)
{
    private const string File = "model.safetensors";
    private const string NextCommit = "2222222222222222222222222222222222222222";

    [Test]
    public async Task Upgrade_FromACacheHuggingfaceHubFilled_LearnsTheMapAndFetchesOnlyWhatV2Adds(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddXetFile(File, fixtures.Set, ModelV1);
        using var cli = new CliHarness(hub.ApiUrl);
        await FillWithHuggingfaceHubAsync(hub, cli);
        var v1Sha = repo.Sha256Of(File);
        repo.AddXetFile(File, fixtures.Set, ModelV2).SetCommit(NextCommit);

        var (upgrade, fetched) = await UpgradeAsync(hub, cli, ct);

        await XetCacheScenario.AssertFetchedOnlyV2sNewChunksAsync(fixtures, upgrade, fetched, cli.HubCache, repo, "learnt map");
        await Assert.That(System.IO.File.Exists(MapOf(cli.HubCache, v1Sha))).IsTrue();
        // The learnt map (term spans) and v2's (chunks and spans) pass verify's strict map check, every revision (offline:
        // against the saved listings; the fake hub re-lists the old commit with v2 once v2 is added).
        var verify = await cli.RunAsync(["verify", "--all", "--offline"], ct);
        await Assert.That(verify.ExitCode).IsEqualTo(0).Because(verify.ToString());
        var list = await cli.RunAsync(["list", "--json"], ct);
        await Assert.That(list.ExitCode).IsEqualTo(0).Because(list.ToString());
        await Assert.That(list.StdOut).Contains("\"bytes_shared\"");
    }

    [Test]
    public async Task DryRun_PredictsTheReuseWithoutAXorbByteOrAWrite_AndTheUpgradeDoesAsPredicted(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddXetFile(File, fixtures.Set, ModelV1);
        using var cli = new CliHarness(hub.ApiUrl);
        await FillWithHuggingfaceHubAsync(hub, cli);
        repo.AddXetFile(File, fixtures.Set, ModelV2).SetCommit(NextCommit);
        var served = hub.Cas.XorbBytesServed;

        var dryJson = await cli.RunAsync(["get", "org/model", "--dry-run", "--json"], ct);
        var dryText = await cli.RunAsync(["get", "org/model", "--dry-run"], ct);

        await Assert.That(dryJson.ExitCode).IsEqualTo(0).Because(dryJson.ToString());
        await Assert.That(hub.Cas.XorbBytesServed).IsEqualTo(served);
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--model", "xet-chunks"))).IsFalse();
        var predicted = JsonNode.Parse(dryJson.StdOut)!["repos"]![0]!["files"]!.AsArray().Single(f => f!["path"]!.GetValue<string>() == File)!;
        var size = fixtures.File(ModelV2).Size;
        var reused = predicted["bytes_reused"]!.GetValue<long>();
        await Assert.That(reused).IsGreaterThan(size * 7 / 10);
        await Assert.That(predicted["bytes_to_fetch"]!.GetValue<long>()).IsEqualTo(size - reused);
        await Assert.That(dryText.StdOut).Contains("reused from the cache").Because(dryText.ToString());

        var (upgrade, _) = await UpgradeAsync(hub, cli, ct);
        await Assert.That(upgrade.ExitCode).IsEqualTo(0).Because(upgrade.ToString());
        await Assert.That(XetCacheScenario.FileOf(upgrade.StdOut)["bytes_reused"]!.GetValue<long>()).IsEqualTo(reused);
    }

    [Test]
    public async Task Upgrade_AfterPackAndUnpackIntoAFreshCache_ReusesTheUnpackedBytes(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddXetFile(File, fixtures.Set, ModelV1);
        using var source = new CliHarness(hub.ApiUrl);
        await Assert.That((await source.RunAsync(["get", "org/model"], ct)).ExitCode).IsEqualTo(0);
        var bundle = Path.Combine(source.Root, "model.tar.zst");
        var pack = await source.RunAsync(["pack", bundle, "org/model"], ct);
        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        using var target = new CliHarness(hub.ApiUrl);
        var unpack = await target.RunAsync(["unpack", bundle], ct);
        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        // The bundle carries plain bytes: the fresh cache holds no chunk map of v1.
        await Assert.That(Directory.Exists(Path.Combine(target.HubCache, "models--org--model", "xet-chunks"))).IsFalse();
        repo.AddXetFile(File, fixtures.Set, ModelV2).SetCommit(NextCommit);

        var (upgrade, fetched) = await UpgradeAsync(hub, target, ct);

        await XetCacheScenario.AssertFetchedOnlyV2sNewChunksAsync(fixtures, upgrade, fetched, target.HubCache, repo, "learnt map");
    }

    [Test]
    public async Task Upgrade_SourceBlobCorruptedOnDisk_CaughtFetchedWholeAndTheMapDiscarded(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddXetFile(File, fixtures.Set, ModelV1);
        using var cli = new CliHarness(hub.ApiUrl);
        await FillWithHuggingfaceHubAsync(hub, cli);
        var v1Sha = repo.Sha256Of(File);
        var blob = Path.Combine(cli.HubCache, "models--org--model", "blobs", v1Sha);
        var bytes = await System.IO.File.ReadAllBytesAsync(blob, ct);
        // A byte changed in every 4 KiB: whatever pieces the upgrade copies, each carries a changed byte.
        for (var i = 0; i < bytes.Length; i += 4096)
            bytes[i] ^= 0x5A;
        System.IO.File.SetAttributes(blob, FileAttributes.Normal);
        await System.IO.File.WriteAllBytesAsync(blob, bytes, ct);
        repo.AddXetFile(File, fixtures.Set, ModelV2).SetCommit(NextCommit);

        var (upgrade, fetched) = await UpgradeAsync(hub, cli, ct);

        await Assert.That(upgrade.ExitCode).IsEqualTo(0).Because(upgrade.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(XetCacheScenario.FileOf(upgrade.StdOut)["bytes_reused"]!.GetValue<long>()).IsEqualTo(0);
        await Assert.That(fetched).IsGreaterThanOrEqualTo(fixtures.Set.XorbBytesNeeded(fixtures.File(ModelV2)));
        await Assert.That(System.IO.File.Exists(MapOf(cli.HubCache, v1Sha))).IsFalse();
    }

    [Test]
    public async Task KillNine_MidUpgrade_PublishedBinary_NextRunFinishesFetchingOnlyWhatWasMissing(CancellationToken ct)
    {
        const int kills = 2;
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddXetFile(File, fixtures.Set, ModelV1);
        using var home = new TempHome();
        var hubCache = home.Sub(".cache/huggingface/hub");
        var fill = await new PythonRun(home.Path).Cache(hubCache).Endpoint(hub.ApiUrl).CallsAsync(new JsonObject { ["op"] = "snapshot_download", ["repo_id"] = "org/model" });
        await Assert.That(fill.ExitCode == 0 && fill.Result.AsArray()[0]!["ok"]!.GetValue<bool>()).IsTrue().Because(fill.ToString());
        repo.AddXetFile(File, fixtures.Set, ModelV2).SetCommit(NextCommit);
        var before = hub.Cas.XorbBytesServed;
        var cdnBefore = hub.RequestsTo(FakeHost.Cdn).Count;
        // v2's new chunks are a few hundred KB: slow enough that each kill lands mid-transfer.
        hub.Faults.ThrottleBytesPerSecond(60_000, host: FakeHost.Transfer);
        var run = home.Run().Env("HF_ENDPOINT", hub.ApiUrl);
        var partial = Path.Combine(hubCache, "models--org--model", "blobs", fixtures.File(ModelV2).Sha256 + ".incomplete");
        var random = new Random(22);
        var recorded = new List<long>();

        for (var kill = 0; kill < kills; kill++)
        {
            var transfers = hub.RequestsTo(FakeHost.Transfer).Count;
            var killed = await run.RunAsync(["get", "org/model", "--transport", "xet", "--connections", "1"], TimeSpan.FromSeconds(60), async process =>
            {
                while (hub.RequestsTo(FakeHost.Transfer).Count <= transfers && !process.HasExited)
                    await Task.Delay(20, ct);
                await Task.Delay(random.Next(1200, 2400), ct);
                process.Kill();
                await process.WaitForExitAsync(ct);
            });
            await Assert.That(killed.ExitCode).IsNotEqualTo(0).Because(killed.ToString());
            recorded.Add(System.IO.File.Exists(partial + ".xet") ? new FileInfo(partial + ".xet").Length : -1);
        }

        hub.Faults.Clear();
        var final = await run.RunAsync(["get", "org/model", "--transport", "xet", "--connections", "1", "--json"], TimeSpan.FromSeconds(90), null);

        var fetched = hub.Cas.XorbBytesServed - before;
        var newChunks = XetCacheScenario.V2NewXorbBytes(fixtures);
        Console.WriteLine($"kill -9 x{kills} mid-upgrade: sidecars {string.Join(", ", recorded.Select(b => $"{b:N0}"))} B after each kill; "
            + $"xorb bytes served {fetched:N0}, v2's new xorbs {newChunks:N0}, v2 whole {fixtures.Set.XorbBytesNeeded(fixtures.File(ModelV2)):N0}");
        await Assert.That(final.ExitCode).IsEqualTo(0).Because(final.ToString());
        await Assert.That(CacheCheck.Problems(hubCache, repo)).IsEmpty();
        await Assert.That(recorded.All(r => r > 0)).IsTrue();
        await Assert.That(System.IO.File.Exists(partial) || System.IO.File.Exists(partial + ".xet")).IsFalse();
        // Every run after a kill asked for the missing spans only: all runs together stay near v2's new chunks.
        await Assert.That(fetched).IsLessThanOrEqualTo((newChunks * 13 / 10) + (kills * 128 * 1024));
        await Assert.That(hub.RequestsTo(FakeHost.Cdn).Skip(cdnBefore).Where(r => r.PathAndQuery.Contains(File, StringComparison.Ordinal))).IsEmpty();
        await Assert.That(XetCacheScenario.FileOf(final.StdOut)["resumed_from"]!.GetValue<long>()).IsGreaterThan(fixtures.File(ModelV2).Size / 2);
    }

    /// <summary>huggingface_hub (plain HTTP from the fake hub, as PythonRun sets it up) downloads v1 into the harness's cache.</summary>
    private static async Task FillWithHuggingfaceHubAsync(HubServer hub, CliHarness cli)
    {
        var fill = await new PythonRun(cli.Root).Cache(cli.HubCache).Endpoint(hub.ApiUrl).CallsAsync(new JsonObject { ["op"] = "snapshot_download", ["repo_id"] = "org/model" });
        await Assert.That(fill.ExitCode == 0 && fill.Result.AsArray()[0]!["ok"]!.GetValue<bool>()).IsTrue().Because(fill.ToString());
        var folder = Path.Combine(cli.HubCache, "models--org--model");
        // The premise: huggingface_hub's saved tree names v1's xet hash, and no map of ours describes its blob.
        var trees = Directory.GetFiles(Path.Combine(folder, "trees"), "*.json");
        await Assert.That(trees.Any(t => System.IO.File.ReadAllText(t).Contains("\"xet_hash\"", StringComparison.Ordinal))).IsTrue();
        await Assert.That(Directory.Exists(Path.Combine(folder, "xet-chunks"))).IsFalse();
    }

    private static async Task<(ProcessResult Upgrade, long Fetched)> UpgradeAsync(HubServer hub, CliHarness cli, CancellationToken ct)
    {
        var before = hub.Cas.XorbBytesServed;
        var upgrade = await cli.RunAsync(["get", "org/model", "--json"], ct);
        return (upgrade, hub.Cas.XorbBytesServed - before);
    }

    private static string MapOf(string hubCache, string sha256) => Path.Combine(hubCache, "models--org--model", "xet-chunks", sha256);
}
