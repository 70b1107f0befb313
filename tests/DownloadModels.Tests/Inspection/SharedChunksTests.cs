using System.Text.Json.Nodes;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub.Xet;
using DownloadModels.Tests.XetCrossCheck;
using DownloadModels.Units;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Inspection;

using static DownloadModels.Tests.FakeHub.Xet.XetStandardFixtures;

/// <summary>
/// list's shared bytes (issue 22): the bytes of a blob's chunks that another blob of the cache also holds, per repo
/// and for the cache, from the chunk maps. The figure for the JS-made fixtures is computed here from the uploader's
/// own terms (which chunks of which xorb each file is made of), not from our maps.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
[Timeout(120_000)]
public sealed class SharedChunksTests(XetFixtures fixtures)
{
    [Test]
    public async Task List_TwoReposSharingChunks_EachRepoAndTheCacheSayHowMuch(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/base").AddXetFile("model.safetensors", fixtures.Set, ModelV1);
        hub.AddRepo("other/tuned").AddXetFile("model.safetensors", fixtures.Set, Sibling);
        hub.AddRepo("org/plain").AddXetFile("random.bin", fixtures.Set, SmallRandom);
        using var cli = new CliHarness(hub.ApiUrl);
        foreach (var repo in new[] { "org/base", "other/tuned", "org/plain" })
            await Assert.That((await cli.RunAsync(["get", repo], ct)).ExitCode).IsEqualTo(0);
        var expected = SharedBytes(fixtures.File(ModelV1), fixtures.File(Sibling));

        var json = await cli.RunAsync(["list", "--json"], ct);
        var text = await cli.RunAsync(["list"], ct);
        var quiet = await cli.RunAsync(["list", "-q"], ct);

        var listing = JsonNode.Parse(json.StdOut)!;
        var byRepo = listing["repos"]!.AsArray().ToDictionary(r => r!["repo_id"]!.GetValue<string>(), r => r!["bytes_shared"]!.GetValue<long>());
        Console.WriteLine($"v1 and the sibling share {expected:N0} bytes of chunks (of {fixtures.File(ModelV1).Size:N0} and {fixtures.File(Sibling).Size:N0})");
        await Assert.That(expected).IsGreaterThan(fixtures.File(Sibling).Size / 2);
        await Assert.That(byRepo["org/base"]).IsEqualTo(expected);
        await Assert.That(byRepo["other/tuned"]).IsEqualTo(expected);
        await Assert.That(byRepo["org/plain"]).IsEqualTo(0);
        await Assert.That(listing["bytes_shared"]!.GetValue<long>()).IsEqualTo(2 * expected);
        await Assert.That(text.StdOut).Contains($"  shared: {ByteSize.Format(expected)} of its Xet files");
        await Assert.That(text.StdOut).Contains($"Shared: {ByteSize.Format(2 * expected)} of the cache's Xet files");
        await Assert.That(quiet.StdOut).IsEqualTo("model/org/base\nmodel/org/plain\nmodel/other/tuned\n");
    }

    [Test]
    public async Task List_NothingShared_NoFigureNoLine(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddXetFile("model.safetensors", fixtures.Set, ModelV1);
        using var cli = new CliHarness(hub.ApiUrl);
        await Assert.That((await cli.RunAsync(["get", "org/model"], ct)).ExitCode).IsEqualTo(0);

        var json = await cli.RunAsync(["list", "--json"], ct);
        var text = await cli.RunAsync(["list"], ct);

        await Assert.That(JsonNode.Parse(json.StdOut)!["bytes_shared"]!.GetValue<long>()).IsEqualTo(0);
        await Assert.That(text.StdOut).DoesNotContain("hared");
    }

    /// <summary>Bytes of the chunks (xorb, index) both files are made of, from the uploader's terms.</summary>
    private long SharedBytes(XetFixtureFile one, XetFixtureFile other)
    {
        var theirs = Chunks(other).ToHashSet();
        return Chunks(one).Distinct().Where(theirs.Contains).Sum(c => (long)fixtures.Set.Xorbs[c.Xorb].Chunks[c.Index].UnpackedLength);
    }

    private static IEnumerable<(string Xorb, int Index)> Chunks(XetFixtureFile file) =>
        file.Terms.SelectMany(t => Enumerable.Range(t.Start, t.End - t.Start).Select(i => (t.Xorb, i)));
}
