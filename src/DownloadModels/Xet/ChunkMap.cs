using System.Globalization;
using System.Text;

namespace DownloadModels.Xet;

/// <summary>Where one decompressed chunk lives on disk: a verified blob, the offset of the chunk in it, its length.</summary>
internal readonly record struct ChunkPlace(string Blob, long Offset, int Length);

/// <summary>
/// The chunk map of one verified file (issue 22): for each (xorb hash, chunk index) it was built from, the offset of
/// that chunk's bytes in the file. Written beside the cache's repo folder once the file verified; a cache of facts
/// the reconstruction can give again, never the only copy of anything.
/// <code>
/// download-models xet chunk map v1
/// {xet hash} {sha256} {size}
/// {xorb hash} {first chunk index} {offset} {length},{length},...
/// </code>
/// </summary>
internal sealed class ChunkMap
{
    public const string Header = "download-models xet chunk map v1";
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Xorb, int Index), (long Offset, int Length)> _chunks = [];

    /// <summary>Records chunk <paramref name="index"/> of <paramref name="xorb"/> at <paramref name="offset"/> of the file.</summary>
    public void Add(string xorb, int index, long offset, int length)
    {
        lock (_gate)
            _chunks.TryAdd((xorb, index), (offset, length));
    }

    public int Count
    {
        get
        {
            lock (_gate)
                return _chunks.Count;
        }
    }

    /// <summary>
    /// Writes the map atomically: under a temporary name of its own (<c>{path}.{random}.tmp</c>, so two processes
    /// writing the same map never write into one file), flushed to the disk, then renamed over the old one. A reader
    /// sees the old map or the new one, never half of either.
    /// </summary>
    public void Write(string path, string xetHash, string sha256, long size)
    {
        var text = new StringBuilder().Append(Header).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"{xetHash} {sha256} {size}\n");
        lock (_gate)
        {
            foreach (var xorb in _chunks.GroupBy(c => c.Key.Xorb, StringComparer.Ordinal))
            {
                var run = new List<(int Index, long Offset, int Length)>();
                foreach (var ((_, index), (offset, length)) in xorb.OrderBy(c => c.Key.Index))
                {
                    if (run.Count > 0 && (index != run[^1].Index + 1 || offset != run[^1].Offset + run[^1].Length))
                        Flush(text, xorb.Key, run);
                    run.Add((index, offset, length));
                }

                Flush(text, xorb.Key, run);
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        ChunkMapFile.WriteAtomically(path, text.ToString());
    }

    private static void Flush(StringBuilder text, string xorb, List<(int Index, long Offset, int Length)> run)
    {
        if (run.Count == 0)
            return;
        text.Append(CultureInfo.InvariantCulture, $"{xorb} {run[0].Index} {run[0].Offset} ")
            .AppendJoin(',', run.Select(r => r.Length.ToString(CultureInfo.InvariantCulture))).Append('\n');
        run.Clear();
    }

    /// <summary>
    /// Every chunk the maps in <paramref name="maps"/> know, each pointing into its blob, for blobs that exist with
    /// the size their map names (a removed or replaced blob is never a source). A map that does not read back whole
    /// (<see cref="ChunkMapFile.Read"/>) or names another blob is skipped entirely: maps are only a cache. The final
    /// hash check of a download still judges what was copied.
    /// </summary>
    public static Dictionary<(string Xorb, int Index), ChunkPlace> Load(IEnumerable<(string MapPath, string BlobPath)> maps)
    {
        var index = new Dictionary<(string, int), ChunkPlace>();
        foreach (var (mapPath, blobPath) in maps)
        {
            if (ChunkMapFile.Read(mapPath, out _) is not { } map || !ChunkMapFile.Fits(map, blobPath))
                continue;
            foreach (var run in map.Runs)
            {
                var (chunk, offset) = (run.First, run.Offset);
                for (var i = 0; i < run.Lengths.Length; i++)
                {
                    // A stretch known only as a whole ({count}x{length}) says where no single chunk of it lies.
                    if (run.CountOf(i) == 1)
                        index.TryAdd((run.Xorb, chunk), new ChunkPlace(blobPath, offset, run.Lengths[i]));
                    chunk += run.CountOf(i);
                    offset += run.Lengths[i];
                }
            }
        }

        return index;
    }
}
