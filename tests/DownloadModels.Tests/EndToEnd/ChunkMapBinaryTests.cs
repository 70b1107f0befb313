using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DownloadModels.Tests.XetCrossCheck;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.EndToEnd;

using static DownloadModels.Tests.FakeHub.Xet.XetStandardFixtures;

/// <summary>
/// Chunk maps and reuse as a user meets them in the published binary (issue 22): a sibling repo's download says what
/// it reused, list says what the cache shares, verify reports a broken map and --repair removes it, prune removes what
/// a killed map write left, rm takes a repo's maps with it. Fake hub and CAS with the JS-made fixtures.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
[Timeout(240_000)]
public sealed class ChunkMapBinaryTests(XetFixtures fixtures)
{
    [Test]
    public async Task SiblingRepo_ReuseSaid_SharedListed_MapsKeptConsistent(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/base").AddXetFile("model.safetensors", fixtures.Set, ModelV1);
        hub.AddRepo("other/tuned").AddXetFile("model.safetensors", fixtures.Set, Sibling);
        using var home = new TempHome();
        var run = home.Run().Env("HF_ENDPOINT", hub.ApiUrl);
        var cache = home.Sub(".cache/huggingface/hub");
        var tunedMaps = Path.Combine(cache, "models--other--tuned", "xet-chunks");

        var first = await run.RunAsync("get", "org/base");
        var sibling = await run.RunAsync("get", "other/tuned");
        var listed = await run.RunAsync("list");
        var json = await run.RunAsync("list", "--json");
        var sha = fixtures.File(Sibling).Sha256;
        await File.WriteAllTextAsync(Path.Combine(tunedMaps, sha), "garbled\n", ct);
        var verify = await run.RunAsync("verify", "other/tuned");
        var repair = await run.RunAsync("verify", "other/tuned", "--repair");
        await File.WriteAllTextAsync(Path.Combine(tunedMaps, sha + ".5eed.tmp"), "download-models xet chunk map v1\n", ct);
        var prune = await run.RunAsync("prune");
        var rm = await run.RunAsync("rm", "org/base");

        await Assert.That(first.ExitCode).IsEqualTo(0).Because(first.ToString());
        await Assert.That(sibling.ExitCode).IsEqualTo(0).Because(sibling.ToString());
        await Assert.That(Regex.IsMatch(sibling.StdErr, @"1 repo ready in .*, [0-9.]+ [kM]B reused\)\.")).IsTrue().Because(sibling.StdErr);
        await Assert.That(listed.StdOut).Contains("  shared: ");
        await Assert.That(listed.StdOut).Contains("Shared: ");
        await Assert.That(JsonNode.Parse(json.StdOut)!["bytes_shared"]!.GetValue<long>()).IsGreaterThan(fixtures.File(Sibling).Size);
        await Assert.That(verify.ExitCode).IsEqualTo(1).Because(verify.ToString());
        await Assert.That(verify.StdOut).Contains("chunk-map");
        await Assert.That(verify.StdOut).Contains($"xet-chunks/{sha}: not a chunk map");
        await Assert.That(repair.ExitCode).IsEqualTo(0).Because(repair.ToString());
        await Assert.That(File.Exists(Path.Combine(tunedMaps, sha))).IsFalse();
        await Assert.That(prune.StdOut).Contains("1 chunk map").Because(prune.ToString());
        await Assert.That(Directory.GetFiles(tunedMaps)).IsEmpty();
        await Assert.That(rm.ExitCode).IsEqualTo(0).Because(rm.ToString());
        await Assert.That(rm.StdOut).Contains("1 chunk map");
    }
}
