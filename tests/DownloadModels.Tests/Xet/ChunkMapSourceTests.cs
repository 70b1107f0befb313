using System.Text.Json.Nodes;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Reliability;
using DownloadModels.Tests.XetCrossCheck;

namespace DownloadModels.Tests.Xet;

using static DownloadModels.Tests.FakeHub.Xet.XetStandardFixtures;

/// <summary>
/// The downloader never takes a chunk from a blob that is not there as its map says (issue 22): a source blob deleted
/// behind the map's back, or of another size, is no source — the file is fetched, verified, and nothing is reused; a
/// source repo removed by <c>rm</c> while another run is about to copy from it costs only the copy. On the JS-made
/// fixtures: <c>org/base</c> holds v1, <c>other/tuned</c>'s file shares most of its chunks.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
[Timeout(120_000)]
public sealed class ChunkMapSourceTests(XetFixtures fixtures)
{
    [Test]
    [Arguments("deleted")]
    [Arguments("shorter")]
    [Arguments("longer")]
    public async Task SourceBlobNotAsItsMapSays_NothingReused_FileRight(string change, CancellationToken ct)
    {
        var (downloaded, sibling) = await XetCacheScenario.WithSiblingAsync(fixtures, ct);
        await using var _ = downloaded;
        var (hub, baseRepo, cli) = downloaded;
        var blob = Path.Combine(cli.HubCache, "models--org--base", "blobs", baseRepo.Sha256Of("model.safetensors"));
        var content = await File.ReadAllBytesAsync(blob, ct);
        File.Delete(blob);
        if (change == "shorter")
            await File.WriteAllBytesAsync(blob, content[..^1], ct);
        else if (change == "longer")
            await File.WriteAllBytesAsync(blob, [.. content, 0], ct);
        var before = hub.Cas.XorbBytesServed;

        var result = await cli.RunAsync(["get", "other/tuned", "--json"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(JsonNode.Parse(result.StdOut)!["repos"]![0]!["files"]![0]!["bytes_reused"]!.GetValue<long>()).IsEqualTo(0);
        await Assert.That(hub.Cas.XorbBytesServed - before).IsGreaterThanOrEqualTo(fixtures.Set.XorbBytesNeeded(fixtures.File(Sibling)));
        await Assert.That(CacheCheck.Problems(cli.HubCache, sibling)).IsEmpty();
    }

    [Test]
    public async Task SourceRepoRemovedByRmMidDownload_FileFetchedAndRight(CancellationToken ct)
    {
        var (downloaded, sibling) = await XetCacheScenario.WithSiblingAsync(fixtures, ct);
        await using var _ = downloaded;
        var (hub, _, cli) = downloaded;
        // The sibling's first reconstruction is held (the maps are read by then) until rm has removed org/base, then
        // answered 503: the retry gets the real answer, and the copy finds its source gone.
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var removed = new ManualResetEventSlim();
        hub.Faults.Answer(_ =>
        {
            asked.TrySetResult();
            removed.Wait(TimeSpan.FromSeconds(60));
            return CustomAnswer.Json("{\"error\": \"busy\"}", 503);
        }, times: 1, pathContains: fixtures.File(Sibling).XetHash, host: FakeHost.Cas);

        var download = cli.RunAsync(["get", "other/tuned", "--json"], ct);
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        var rm = await cli.RunAsync(["rm", "org/base"], ct);
        removed.Set();
        var result = await download;

        await Assert.That(rm.ExitCode).IsEqualTo(0).Because(rm.ToString());
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--base"))).IsFalse();
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(JsonNode.Parse(result.StdOut)!["repos"]![0]!["files"]![0]!["bytes_reused"]!.GetValue<long>()).IsEqualTo(0);
        await Assert.That(CacheCheck.Problems(cli.HubCache, sibling)).IsEmpty();
    }
}
