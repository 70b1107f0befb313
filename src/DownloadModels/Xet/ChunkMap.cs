using System.Globalization;
using System.Text;

namespace DownloadModels.Xet;

/// <summary>
/// The chunk map of one verified file (issue 22): for each (xorb hash, chunk index) it was built from, the offset of
/// that chunk's bytes in the file. Written beside the cache's repo folder once the file verified; a cache of facts
/// the reconstruction can give again, never the only copy of anything. A file we downloaded knows every chunk's
/// length; a file learnt from its reconstruction alone (huggingface_hub's, a bundle's) knows only where each term
/// starts and ends, so a length item may stand for several chunks (<c>{count}x{length}</c>: chunks whose bytes are
/// known together, not one by one).
/// <code>
/// download-models xet chunk map v1
/// {xet hash} {sha256} {size}
/// {xorb hash} {first chunk index} {offset} {length},{count}x{length},...
/// </code>
/// </summary>
internal sealed class ChunkMap
{
    /// <summary>The suffix of a map being written (what a kill leaves behind; prune removes it).</summary>
    public const string TempSuffix = ".tmp";

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Xorb, int Index), (long Offset, long Length, int Chunks)> _chunks = [];

    /// <summary>Records chunk <paramref name="index"/> of <paramref name="xorb"/> at <paramref name="offset"/> of the file.</summary>
    public void Add(string xorb, int index, long offset, int length) => AddSpan(xorb, index, index + 1, offset, length);

    /// <summary>Records chunks [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="xorb"/>, <paramref name="length"/> bytes together, at <paramref name="offset"/>.</summary>
    public void AddSpan(string xorb, int start, int end, long offset, long length)
    {
        lock (_gate)
            _chunks.TryAdd((xorb, start), (offset, length, end - start));
    }

    /// <summary>The map a file's whole reconstruction gives: each term where it lies, its chunks known together.</summary>
    public static ChunkMap FromReconstruction(Reconstruction reconstruction)
    {
        var map = new ChunkMap();
        var position = -reconstruction.OffsetIntoFirstRange;
        foreach (var term in reconstruction.Terms)
        {
            map.AddSpan(term.Xorb, term.Start, term.End, position, term.UnpackedLength);
            position += term.UnpackedLength;
        }

        return map;
    }

    public int Count
    {
        get
        {
            lock (_gate)
                return _chunks.Count;
        }
    }

    /// <summary>The map's text (the format above).</summary>
    public string ToText(string xetHash, string sha256, long size)
    {
        var text = new StringBuilder().Append(ChunkMapFile.Header).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"{xetHash} {sha256} {size}\n");
        lock (_gate)
        {
            foreach (var xorb in _chunks.GroupBy(c => c.Key.Xorb, StringComparer.Ordinal))
            {
                var run = new List<(int Index, long Offset, long Length, int Chunks)>();
                foreach (var ((_, index), (offset, length, chunks)) in xorb.OrderBy(c => c.Key.Index))
                {
                    if (run.Count > 0 && (index != run[^1].Index + run[^1].Chunks || offset != run[^1].Offset + run[^1].Length))
                        Flush(text, xorb.Key, run);
                    run.Add((index, offset, length, chunks));
                }

                Flush(text, xorb.Key, run);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Writes the map atomically: under a temporary name of its own (<c>{path}.{random}.tmp</c>, so two processes
    /// writing the same map never write into one file), flushed to the disk, then renamed over the old one. A reader
    /// sees the old map or the new one, never half of either.
    /// </summary>
    public void Write(string path, string xetHash, string sha256, long size)
    {
        var text = ToText(xetHash, sha256, size);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Guid.NewGuid():N}{TempSuffix}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(Encoding.ASCII.GetBytes(text));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static void Flush(StringBuilder text, string xorb, List<(int Index, long Offset, long Length, int Chunks)> run)
    {
        if (run.Count == 0)
            return;
        text.Append(CultureInfo.InvariantCulture, $"{xorb} {run[0].Index} {run[0].Offset} ")
            .AppendJoin(',', run.Select(r => r.Chunks == 1
                ? r.Length.ToString(CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{r.Chunks}x{r.Length}"))).Append('\n');
        run.Clear();
    }
}
