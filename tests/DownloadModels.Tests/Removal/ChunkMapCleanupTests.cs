using System.Text.Json.Nodes;
using DownloadModels.Tests.Xet;
using DownloadModels.Tests.XetCrossCheck;

namespace DownloadModels.Tests.Removal;

/// <summary>
/// rm and prune keep the chunk maps (<c>xet-chunks/</c>) consistent with the blobs (issue 22): a blob's map goes with
/// the blob; prune removes the maps no blob backs — a map whose blob is gone, one that does not read back, one that
/// names another size, and what a killed map write left — and counts them. On a cache filled over Xet from the fake
/// CAS with the JS-made fixtures (v1, then v2).
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
[Timeout(120_000)]
public sealed class ChunkMapCleanupTests(XetFixtures fixtures)
{
    [Test]
    public async Task Rm_ARevision_RemovesItsBlobsMapAndKeepsTheOthers(CancellationToken ct)
    {
        await using var s = await XetCacheScenario.StartAsync(fixtures, ct);
        await Assert.That((await s.UpgradeAsync(ct)).ExitCode).IsEqualTo(0);
        await Assert.That(s.MapNames()).IsEquivalentTo([s.V1Sha, s.V2Sha]);

        var result = await s.Cli.RunAsync(["rm", $"org/model@{s.V1Commit}"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(File.Exists(s.BlobOf(s.V1Sha))).IsFalse();
        await Assert.That(s.MapNames()).IsEquivalentTo([s.V2Sha]);
        await Assert.That(result.StdOut).Contains("1 blob, 1 chunk map");
    }

    [Test]
    public async Task Rm_TheWholeRepo_NoMapLeft(CancellationToken ct)
    {
        await using var s = await XetCacheScenario.StartAsync(fixtures, ct);

        var dryRun = await s.Cli.RunAsync(["rm", "org/model", "--dry-run"], ct);
        var result = await s.Cli.RunAsync(["rm", "org/model"], ct);

        await Assert.That(dryRun.StdOut).Contains("1 chunk map");
        await Assert.That(s.MapNames()).IsEmpty();
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Directory.Exists(s.Folder)).IsFalse();
    }

    [Test]
    public async Task Prune_StaleMaps_RemovedAndCounted_TheGoodOneKept(CancellationToken ct)
    {
        await using var s = await XetCacheScenario.StartAsync(fixtures, ct);
        await Assert.That((await s.UpgradeAsync(ct)).ExitCode).IsEqualTo(0);
        var good = await File.ReadAllTextAsync(s.MapOf(s.V2Sha), ct);
        // v1 is now detached: prune removes its snapshot, its blob, and the blob's map with it. Then four stale ones:
        var orphan = s.MapOf(new string('0', 64));
        await File.WriteAllTextAsync(orphan, good, ct);                                  // its blob is not there
        await File.WriteAllTextAsync(s.MapOf(s.V2Sha) + ".0123abcd.tmp", good[..40], ct); // a map write killed half way
        // Two more blobs a snapshot uses (so prune keeps them), with a map that does not read back and one of another size.
        var (ones, twos) = (new string('1', 64), new string('2', 64));
        foreach (var blob in new[] { ones, twos })
        {
            File.Copy(s.BlobOf(s.V2Sha), s.BlobOf(blob));
            File.CreateSymbolicLink(Path.Combine(s.Folder, "snapshots", XetCacheScenario.V2Commit, blob[..8] + ".bin"), $"../../blobs/{blob}");
        }

        await File.WriteAllTextAsync(s.MapOf(ones), "download-models xet chunk map v1\nnot the identity line\n", ct);
        var v2Size = new FileInfo(s.BlobOf(s.V2Sha)).Length;
        await File.WriteAllTextAsync(s.MapOf(twos), good.Replace(s.V2Sha, twos, StringComparison.Ordinal)
            .Replace($" {v2Size}\n", $" {v2Size + 1}\n", StringComparison.Ordinal), ct);

        var json = await s.Cli.RunAsync(["prune", "--dry-run", "--json"], ct);
        var dryRun = await s.Cli.RunAsync(["prune", "--dry-run"], ct);
        var namesAfterDryRun = s.MapNames();
        var result = await s.Cli.RunAsync(["prune"], ct);
        var again = await s.Cli.RunAsync(["prune"], ct);

        await Assert.That(dryRun.StdOut).Contains("5 chunk maps").Because(dryRun.ToString());
        await Assert.That(JsonNode.Parse(json.StdOut)!["repos"]![0]!["chunk_map_count"]!.GetValue<int>()).IsEqualTo(5).Because(json.StdOut);
        await Assert.That(namesAfterDryRun.Length).IsEqualTo(6);
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("5 chunk maps");
        await Assert.That(s.MapNames()).IsEquivalentTo([s.V2Sha]);
        await Assert.That(File.Exists(s.BlobOf(ones)) && File.Exists(s.BlobOf(twos))).IsTrue();
        await Assert.That(await File.ReadAllTextAsync(s.MapOf(s.V2Sha), ct)).IsEqualTo(good);
        await Assert.That(again.StdOut).Contains("Nothing to prune").Because(again.ToString());
    }
}
