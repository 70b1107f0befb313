using System.Globalization;
using DownloadModels.Xet;

namespace DownloadModels.Tests.Xet;

/// <summary>
/// The chunk map's file (issue 22): written atomically under a name of its own, read back strictly (a map that does
/// not read whole is refused, never half used), and used as a source only while its blob is there with the size and
/// name the map gives. Two writers of one map and readers meanwhile never see half a map.
/// </summary>
public sealed class ChunkMapFileTests
{
    private static readonly string XorbA = new('a', 64);
    private static readonly string XorbB = new('b', 64);
    private static readonly string XetHash = new('c', 64);
    private static readonly string Sha256 = new('d', 64);

    [Test]
    public async Task Write_ThenRead_RunsBackToBack()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "xet-chunks", Sha256);
        var map = Sample();

        map.Write(path, XetHash, Sha256, 500);
        var read = ChunkMapFile.Read(path, out var problem);

        await Assert.That(problem).IsNull();
        await Assert.That(read!.XetHash).IsEqualTo(XetHash);
        await Assert.That(read.Size).IsEqualTo(500);
        // chunks 0-2 of A are contiguous in the file; chunk 5 of A elsewhere; B's chunk 7 alone.
        await Assert.That(read.Runs.Select(r => $"{r.Xorb[0]} {r.First} {r.Offset} {string.Join(',', r.Lengths)}").ToArray())
            .IsEquivalentTo(["a 0 0 100,50,50", "a 5 400 100", "b 7 200 200"]);
        await Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!)).IsEquivalentTo([path]);
    }

    [Test]
    [Arguments("", "empty")]
    [Arguments("some other file\n", "not a chunk map")]
    [Arguments("download-models xet chunk map v1\nnot an identity\n", "second line")]
    [Arguments("download-models xet chunk map v1\n{x} {s} 500\n{a} 0 0 100,50", "cut short")]
    [Arguments("download-models xet chunk map v1\n{x} {s} 500\n{a} 0 450 100\n", "past the end")]
    [Arguments("download-models xet chunk map v1\n{x} {s} 500\n{a} 0 0 100,0\n", "line 3")]
    [Arguments("download-models xet chunk map v1\n{x} {s} 500\n{a} 0 0 0x100\n", "line 3")]
    [Arguments("download-models xet chunk map v1\n{x} {s} 500000\n{a} 0 0 2x300000\n", "line 3")]
    [Arguments("download-models xet chunk map v1\n{x} {s} 500\nnot a hash 0 0 100\n", "line 3")]
    public async Task Read_NotAWholeMap_RefusedSayingWhy(string text, string why)
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, Sha256);
        await File.WriteAllTextAsync(path, text.Replace("{x}", XetHash, StringComparison.Ordinal).Replace("{s}", Sha256, StringComparison.Ordinal)
            .Replace("{a}", XorbA, StringComparison.Ordinal));

        var read = ChunkMapFile.Read(path, out var problem);

        await Assert.That(read).IsNull();
        await Assert.That(problem).Contains(why);
    }

    [Test]
    public async Task Read_StretchesKnownOnlyAsAWhole_CountedAsSeveralChunks()
    {
        var text = $"{ChunkMapFile.Header}\n{XetHash} {Sha256} 1000\n{XorbA} 4 0 100,3x300,50\n";

        var read = ChunkMapFile.Parse(text, out var problem);
        using var temp = new TempFolder();
        var map = temp.Write($"xet-chunks/{Sha256}", text);
        var blob = Path.Combine(temp.Path, "blobs", Sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        await File.WriteAllBytesAsync(blob, new byte[1000]);
        var sources = ChunkSources.Load([(map, blob)]);
        var pieces = sources.Plan(new Reconstruction(0, [new XetTerm(XorbA, 5, 8, 300), new XetTerm(XorbA, 8, 9, 50)], []));

        await Assert.That(problem).IsNull();
        var run = read!.Runs.Single();
        await Assert.That(run.End).IsEqualTo(9);
        await Assert.That(run.BytesOf(4, 9)).IsEqualTo(450);
        await Assert.That(run.BytesOf(6, 8)).IsEqualTo(200);   // two of the three chunks known together: in proportion
        // The stretch is a source as a whole (its ends are known), the chunk after it one by one.
        await Assert.That(pieces.Select(p => (p.BlobOffset, p.FileOffset, p.Length))).IsEquivalentTo([(100L, 0L, 300L), (400L, 300L, 50L)]);
    }

    [Test]
    public async Task Read_ALink_NeverFollowed()
    {
        using var temp = new TempFolder();
        var real = Path.Combine(temp.Path, "real");
        Sample().Write(real, XetHash, Sha256, 500);
        var link = Path.Combine(temp.Path, Sha256);
        File.CreateSymbolicLink(link, real);

        await Assert.That(ChunkMapFile.Read(link, out var problem)).IsNull();
        await Assert.That(problem).Contains("link");
    }

    [Test]
    public async Task Load_BlobThereWithItsSize_EveryChunkASource()
    {
        using var temp = new TempFolder();
        var (map, blob) = await MapAndBlobAsync(temp, 500);

        var sources = ChunkSources.Load([(map, blob)]);
        var pieces = sources.Plan(new Reconstruction(0, [new XetTerm(XorbA, 1, 2, 50), new XetTerm(XorbB, 7, 8, 200)], []));

        await Assert.That(sources.Runs).IsEqualTo(3);
        await Assert.That(pieces.Select(p => (p.Run.Blob, p.BlobOffset, p.FileOffset, p.Length))).IsEquivalentTo([(blob, 100L, 0L, 50L), (blob, 200L, 50L, 200L)]);
    }

    [Test]
    [Arguments("missing")]
    [Arguments("shorter")]
    [Arguments("longer")]
    [Arguments("another blob's name")]
    [Arguments("garbled")]
    public async Task Load_MapWhoseBlobIsGoneOrDiffers_NeverASource(string change)
    {
        using var temp = new TempFolder();
        var (map, blob) = await MapAndBlobAsync(temp, 500);
        switch (change)
        {
            case "missing":
                File.Delete(blob);
                break;
            case "shorter":
                await File.WriteAllBytesAsync(blob, new byte[499]);
                break;
            case "longer":
                await File.WriteAllBytesAsync(blob, new byte[501]);
                break;
            case "another blob's name":
                var other = Path.Combine(Path.GetDirectoryName(blob)!, new string('e', 64));
                File.Move(blob, other);
                blob = other;
                break;
            default:
                await File.AppendAllTextAsync(map, "garbage line\n");
                break;
        }

        await Assert.That(ChunkSources.Load([(map, blob)]).Runs).IsEqualTo(0);
    }

    [Test]
    public async Task ConcurrentWritersAndReaders_NeverSeeHalfAMap_LeaveNoTempFile()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "xet-chunks", Sha256);
        // Large maps (a few hundred KB each, as for a multi-GB file) so a write takes long enough to be overlapped.
        var maps = Enumerable.Range(0, 4).Select(seed => Large(seed)).ToArray();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var writes = 0;
        var reads = 0;
        var bad = new System.Collections.Concurrent.ConcurrentBag<string>();
        var writers = maps.Select(map => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                map.Write(path, XetHash, Sha256, 1L << 40);
                Interlocked.Increment(ref writes);
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (ChunkMapFile.Read(path, out var problem) is null && problem != "missing")
                    bad.Add(problem!);
                else
                    Interlocked.Increment(ref reads);
            }
        }));

        await Task.WhenAll(writers.Concat(readers));

        Console.WriteLine($"{writes} writes, {reads} reads of one map by 4 writers and 4 readers at once");
        await Assert.That(bad).IsEmpty();
        await Assert.That(writes).IsGreaterThan(8);
        await Assert.That(reads).IsGreaterThan(8);
        await Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!)).IsEquivalentTo([path]);
        await Assert.That(ChunkMapFile.Read(path, out _)!.Runs.Count).IsGreaterThan(0);
    }

    /// <summary>A map of 500 bytes: chunks 0-2 and 5 of xorb A, chunk 7 of xorb B.</summary>
    private static ChunkMap Sample()
    {
        var map = new ChunkMap();
        map.Add(XorbA, 0, 0, 100);
        map.Add(XorbA, 1, 100, 50);
        map.Add(XorbA, 2, 150, 50);
        map.Add(XorbB, 7, 200, 200);
        map.Add(XorbA, 5, 400, 100);
        return map;
    }

    private static ChunkMap Large(int seed)
    {
        var map = new ChunkMap();
        long offset = 0;
        for (var xorb = 0; xorb < 20; xorb++)
        {
            var hash = (seed * 100 + xorb).ToString("x64", CultureInfo.InvariantCulture);
            for (var chunk = 0; chunk < 1000; chunk++, offset += 65536)
                map.Add(hash, chunk, offset, 65536);
        }

        return map;
    }

    private static async Task<(string Map, string Blob)> MapAndBlobAsync(TempFolder temp, int blobLength)
    {
        var blob = Path.Combine(temp.Path, "blobs", Sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        await File.WriteAllBytesAsync(blob, new byte[blobLength]);
        var map = Path.Combine(temp.Path, "xet-chunks", Sha256);
        Sample().Write(map, XetHash, Sha256, 500);
        return (map, blob);
    }
}
