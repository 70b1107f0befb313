using DownloadModels.Tests.Reliability;
using DownloadModels.Tests.XetCrossCheck;

namespace DownloadModels.Tests.Xet;

using static DownloadModels.Tests.FakeHub.Xet.XetStandardFixtures;

/// <summary>
/// Chunk reuse (issue 22) on the JS uploader's two-revision fixtures: v2 dedups against v1's xorb, so with v1 in the
/// cache the upgrade fetches little more than v2's new chunks; a sibling repo's file reuses the first repo's chunks;
/// a source blob changed on disk is caught by the final hashes and the file fetched whole instead.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
[Timeout(120_000)]
public sealed class XetReuseTests(XetFixtures fixtures)
{
    [Test]
    public async Task Upgrade_V1InTheCache_FetchesOnlyWhatV2Adds(CancellationToken ct)
    {
        await using var s = await XetCacheScenario.StartAsync(fixtures, ct);
        var v1Served = s.Hub.Cas.XorbBytesServed;

        var upgrade = await s.UpgradeAsync(ct, "--json");

        await XetCacheScenario.AssertFetchedOnlyV2sNewChunksAsync(fixtures, upgrade, s.Hub.Cas.XorbBytesServed - v1Served, s.Cli.HubCache, s.Repo, "map written by the download");
    }

    [Test]
    public async Task SiblingRepo_ReusesTheFirstReposChunks(CancellationToken ct)
    {
        var (downloaded, sibling) = await XetCacheScenario.WithSiblingAsync(fixtures, ct);
        await using var _ = downloaded;
        var (hub, _, cli) = downloaded;
        var before = hub.Cas.XorbBytesServed;

        var result = await cli.RunAsync(["get", "other/tuned"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, sibling)).IsEmpty();
        await Assert.That(hub.Cas.XorbBytesServed - before).IsLessThan(fixtures.Set.XorbBytesNeeded(fixtures.File(Sibling)) / 2);
    }

    [Test]
    public async Task SourceBlobChangedOnDisk_CaughtByTheHashesAndFetchedWhole(CancellationToken ct)
    {
        await using var s = await XetCacheScenario.StartAsync(fixtures, ct);
        var blob = s.BlobOf(s.V1Sha);
        var bytes = await File.ReadAllBytesAsync(blob, ct);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.SetAttributes(blob, FileAttributes.Normal);
        await File.WriteAllBytesAsync(blob, bytes, ct);

        var upgrade = await s.UpgradeAsync(ct, "--transport", "xet");

        await Assert.That(upgrade.ExitCode).IsEqualTo(0).Because(upgrade.ToString());
        await Assert.That(CacheCheck.Problems(s.Cli.HubCache, s.Repo)).IsEmpty();
    }

    [Test]
    public async Task NoChunkReuse_FetchesEverything(CancellationToken ct)
    {
        await using var s = await XetCacheScenario.StartAsync(fixtures, ct);
        var before = s.Hub.Cas.XorbBytesServed;

        var upgrade = await s.UpgradeAsync(ct, "--no-chunk-reuse");

        await Assert.That(upgrade.ExitCode).IsEqualTo(0).Because(upgrade.ToString());
        await Assert.That(s.Hub.Cas.XorbBytesServed - before).IsGreaterThanOrEqualTo(fixtures.Set.XorbBytesNeeded(fixtures.File(ModelV2)));
    }
}
