using DownloadModels.Tests.FakeHub.Xet;
using DownloadModels.Tests.XetCrossCheck;
using DownloadModels.Xet;

namespace DownloadModels.Tests.Xet;

using static DownloadModels.Tests.FakeHub.Xet.XetStandardFixtures;

/// <summary>
/// Placing a new revision's terms onto a map learnt from the old revision's reconstruction alone (term ends, no chunk
/// lengths), on the JS uploader's fixtures: terms with a known end are placed whole, the others after probes (one-byte
/// ranged reconstructions, answered here as the fake CAS plans them), and every byte planned is the right byte.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
public sealed class ChunkSourcesTests(XetFixtures fixtures)
{
    [Test]
    public async Task LearntMap_PlacesEveryTermOfTheOldXorb_AfterProbes_WithTheRightBytes()
    {
        var v1 = fixtures.File(ModelV1);
        var v2 = fixtures.File(ModelV2);
        using var folder = new TempFolder();
        var blob = Path.Combine(folder.Path, v1.Sha256);
        await File.WriteAllBytesAsync(blob, v1.Content);
        var text = ChunkMap.FromReconstruction(Whole(v1)).ToText(v1.XetHash, v1.Sha256, v1.Size);
        var sources = new ChunkSources();
        sources.Add(text, Path.Combine(folder.Path, "map"), blob);
        var target = Whole(v2);

        var first = sources.Plan(target);
        var probes = 0;
        for (var round = 0; round < 8; round++)
        {
            var unplaced = new List<(DownloadModels.Xet.XetTerm Term, SourceRun Run)>();
            sources.Plan(target, unplaced);
            foreach (var (term, run) in unplaced)
            {
                var at = ChunkSources.Estimate(run, term);
                ChunkSources.Learn(run, Convert(XetReconstruction.Plan(v1, fixtures.Set.Xorbs, at, at)), at);
                probes++;
            }
        }

        var pieces = sources.Plan(target);
        var fromV1 = v2.Terms.Where(t => fixtures.Set.Xorbs[t.Xorb].Upload == "model-v1").Sum(t => t.UnpackedLength);
        Console.WriteLine($"v2 from v1's learnt map: {first.Sum(p => p.Length):N0} B placed before probes, {pieces.Sum(p => p.Length):N0} B after {probes} probes; "
            + $"v2's terms in v1's xorb hold {fromV1:N0} B of {v2.Size:N0}");
        await Assert.That(first.Sum(p => p.Length)).IsGreaterThan(0);
        await Assert.That(pieces.Sum(p => p.Length)).IsEqualTo(fromV1);
        foreach (var piece in pieces)
        {
            await Assert.That(v1.Content.AsSpan((int)piece.BlobOffset, (int)piece.Length).SequenceEqual(v2.Content.AsSpan((int)piece.FileOffset, (int)piece.Length)))
                .IsTrue().Because($"piece at {piece.FileOffset} from {piece.BlobOffset}, {piece.Length} B");
        }

        await Assert.That(pieces.Select(p => p.FileOffset).Distinct().Count()).IsEqualTo(pieces.Count);
    }

    [Test]
    public async Task MapText_SpansAndChunks_RoundTrip_AndABlobOfAnotherSizeIsNeverASource()
    {
        using var folder = new TempFolder();
        var blob = Path.Combine(folder.Path, new string('c', 64));
        await File.WriteAllBytesAsync(blob, new byte[1000]);
        var xorb = new string('a', 64);
        var map = new ChunkMap();
        map.AddSpan(xorb, 0, 4, 0, 400);
        map.Add(xorb, 4, 400, 100);
        map.AddSpan(xorb, 5, 9, 500, 500);
        var text = map.ToText(new string('b', 64), new string('c', 64), 1000);
        await Assert.That(text).Contains($"{xorb} 0 0 4x400,100,4x500");
        // The one strict reader (verify, prune, list) reads it back: 9 chunks, a span's bytes shared out by chunks.
        var read = ChunkMapFile.Parse(text, out var problem);
        await Assert.That(problem).IsNull();
        await Assert.That(read!.Runs.Single().End).IsEqualTo(9);
        await Assert.That(read.Runs.Single().BytesOf(4, 7)).IsEqualTo(100 + 250);

        var sources = new ChunkSources();
        sources.Add(text, "map", blob);
        var pieces = sources.Plan(new Reconstruction(0, [new DownloadModels.Xet.XetTerm(xorb, 4, 9, 600)], []));
        await Assert.That(pieces.Select(p => (p.Start, p.End, p.BlobOffset, p.FileOffset, p.Length, p.Exact)))
            .IsEquivalentTo([(4, 5, 400L, 0L, 100L, true), (5, 9, 500L, 100L, 500L, false)]);

        var wrongSize = new ChunkSources();
        wrongSize.Add(text.Replace(" 1000\n", " 999\n", StringComparison.Ordinal), "map", blob);
        await Assert.That(wrongSize.Runs).IsEqualTo(0);
    }

    private static Reconstruction Whole(XetFixtureFile file)
    {
        var terms = new List<DownloadModels.Xet.XetTerm>();
        foreach (var term in file.Terms)
            terms.Add(new DownloadModels.Xet.XetTerm(term.Xorb, term.Start, term.End, term.UnpackedLength));
        return new Reconstruction(0, terms, []);
    }

    private static Reconstruction Convert(XetReconstruction plan) =>
        new(plan.OffsetIntoFirstRange, [.. plan.Terms.Select(t => new DownloadModels.Xet.XetTerm(t.Xorb, t.Start, t.End, t.UnpackedLength))], []);

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("dm-chunks-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
