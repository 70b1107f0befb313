using DownloadModels.Inspection;
using DownloadModels.Xet;

namespace DownloadModels.Tests.Inspection;

/// <summary>The count of shared bytes on hand-made maps: only chunks another holder has too, each holder once.</summary>
public sealed class SharedChunksCountTests
{
    [Test]
    public async Task Count_OverlappingRuns_OnlyWhatAnotherHolderHasToo()
    {
        var x = new string('a', 64);
        var y = new string('b', 64);
        // A: chunks 0-3 of x (10 bytes each) and 0-1 of y; B: chunks 2-5 of x; C: chunk 1 of y; D: the same file as A (one holder).
        var a = Map("10,10,10,10", x, 0, ("y", y, 0, "7,7"));
        var b = Map("20,20,20,20", x, 2);
        var c = Map("7", y, 1);

        var shared = SharedChunks.Count([("A", a), ("B", b), ("C", c), ("A", a)]);

        // A shares x2, x3 (with B: 10 + 10) and y1 (with C: 7); B shares x2, x3 (20 + 20); C shares y1.
        await Assert.That(shared.GetValueOrDefault("A")).IsEqualTo(27);
        await Assert.That(shared.GetValueOrDefault("B")).IsEqualTo(40);
        await Assert.That(shared.GetValueOrDefault("C")).IsEqualTo(7);
    }

    private static ChunkMapFile Map(string lengths, string xorb, int first, params (string Name, string Xorb, int First, string Lengths)[] more)
    {
        var lines = new List<string> { ChunkMapFile.Header, $"{new string('c', 64)} {new string('d', 64)} 1000", $"{xorb} {first} 0 {lengths}" };
        lines.AddRange(more.Select((m, i) => $"{m.Xorb} {m.First} {500 + i * 100} {m.Lengths}"));
        return ChunkMapFile.Parse(string.Join('\n', lines) + "\n", out var problem) ?? throw new InvalidOperationException(problem);
    }
}
