using System.Text.Json.Nodes;
using DownloadModels.Tests.Reliability;
using DownloadModels.Tests.Xet;
using DownloadModels.Tests.XetCrossCheck;

namespace DownloadModels.Tests.Inspection;

using static DownloadModels.Tests.FakeHub.Xet.XetStandardFixtures;

/// <summary>
/// verify checks each LFS file's chunk map (issue 22): it must read back whole and name the file's sha256, size and
/// xet hash, chunks inside the blob, the blob there; a wrong one is a <c>chunk-map</c> problem, and --repair deletes
/// it (a map is only a cache: nothing is lost). On a cache filled over Xet from the fake CAS with the JS-made fixtures.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
[Timeout(120_000)]
public sealed class ChunkMapVerifyTests(XetFixtures fixtures)
{
    [Test]
    public async Task Verify_MapAsDownloaded_Ok(CancellationToken ct)
    {
        await using var s = await XetCacheScenario.StartAsync(fixtures, ct);

        var result = await s.Cli.RunAsync(["verify", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).DoesNotContain("chunk-map");
    }

    [Test]
    [Arguments("fifo")]
    [Arguments("link")]
    [Arguments("huge")]
    public async Task HostileMap_ListVerifyPruneNeverOpenOrFollowIt_PruneRemovesIt(string kind, CancellationToken ct)
    {
        await using var s = await XetCacheScenario.StartAsync(fixtures, ct);
        var map = s.MapOf(s.V1Sha);
        var outside = Path.Combine(s.Cli.Root, "outside.txt");
        await File.WriteAllTextAsync(outside, "not ours", ct);
        File.Delete(map);
        switch (kind)
        {
            case "fifo":
                CacheTamper.MakeFifo(map); // opening it for reading would block until a writer came
                break;
            case "link":
                File.CreateSymbolicLink(map, outside);
                break;
            default:
                await using (var huge = new FileStream(map, FileMode.CreateNew))
                    huge.SetLength(global::DownloadModels.Xet.ChunkMapFile.MaxBytes + 1);
                break;
        }

        var list = await s.Cli.RunAsync(["list", "--json"], ct);
        var verify = await s.Cli.RunAsync(["verify", "org/model"], ct);
        var prune = await s.Cli.RunAsync(["prune"], ct);

        await Assert.That(list.ExitCode).IsEqualTo(0).Because(list.ToString());
        await Assert.That(verify.ExitCode).IsEqualTo(1).Because(verify.ToString());
        await Assert.That(verify.StdOut).Contains("chunk-map");
        await Assert.That(prune.StdOut).Contains("1 chunk map").Because(prune.ToString());
        await Assert.That(s.MapNames()).IsEmpty();
        await Assert.That(await File.ReadAllTextAsync(outside, ct)).IsEqualTo("not ours");
    }

    [Test]
    [Arguments("garbled", "not a chunk map")]
    [Arguments("size", "describes")]
    [Arguments("xet hash", "names xet hash")]
    [Arguments("past the end", "past the end")]
    [Arguments("blob gone", "its blob is not in the cache")]
    public async Task Verify_InconsistentMap_ReportedThenRepairDeletesIt(string change, string detail, CancellationToken ct)
    {
        await using var s = await XetCacheScenario.StartAsync(fixtures, ct);
        var map = s.MapOf(s.V1Sha);
        var text = await File.ReadAllTextAsync(map, ct);
        var size = fixtures.File(ModelV1).Size;
        var xorb = text.Split('\n')[2].Split(' ')[0];
        switch (change)
        {
            case "garbled":
                await File.WriteAllTextAsync(map, "{\"not\": \"a map\"}\n", ct);
                break;
            case "size":
                await File.WriteAllTextAsync(map, text.Replace($" {size}\n", $" {size + 10}\n", StringComparison.Ordinal), ct);
                break;
            case "xet hash":
                await File.WriteAllTextAsync(map, text.Replace(fixtures.File(ModelV1).XetHash, new string('9', 64), StringComparison.Ordinal), ct);
                break;
            case "past the end":
                await File.AppendAllTextAsync(map, $"{xorb} 9000 {size - 10} 100\n", ct);
                break;
            default:
                File.Delete(s.BlobOf(s.V1Sha));
                break;
        }

        var verify = await s.Cli.RunAsync(["verify", "org/model", "--json"], ct);
        var text1 = await s.Cli.RunAsync(["verify", "org/model"], ct);
        var repair = await s.Cli.RunAsync(["verify", "org/model", "--repair"], ct);
        var after = await s.Cli.RunAsync(["verify", "org/model"], ct);

        await Assert.That(verify.ExitCode).IsEqualTo(1).Because(verify.ToString());
        var problems = JsonNode.Parse(verify.StdOut)!["repos"]![0]!["verify"]!["problems"]!.AsArray();
        var problem = problems.Single(p => p!["message"]!.GetValue<string>().Contains("chunk map", StringComparison.Ordinal))!;
        await Assert.That(problem["message"]!.GetValue<string>()).Contains($"xet-chunks/{s.V1Sha}: ");
        await Assert.That(problem["message"]!.GetValue<string>()).Contains(detail);
        if (change != "blob gone")
            await Assert.That(problem["kind"]!.GetValue<string>()).IsEqualTo("chunk_map");
        await Assert.That(text1.StdOut).Contains(detail);
        await Assert.That(repair.ExitCode).IsEqualTo(0).Because(repair.ToString());
        await Assert.That(after.ExitCode).IsEqualTo(0).Because(after.ToString());
        await Assert.That(CacheCheck.Problems(s.Cli.HubCache, s.Repo)).IsEmpty();
        // Deleted by --repair; a blob fetched again (over Xet) has a fresh, right map.
        if (File.Exists(map))
            await Assert.That(await File.ReadAllTextAsync(map, ct)).IsEqualTo(text);
    }
}
