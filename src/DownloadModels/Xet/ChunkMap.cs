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
    private const string Header = "download-models xet chunk map v1";
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

    /// <summary>Writes the map (atomically: a temp file renamed over the old one).</summary>
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
        var temp = path + ".tmp";
        File.WriteAllText(temp, text.ToString(), Encoding.ASCII);
        File.Move(temp, path, overwrite: true);
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
    /// the size their map names (a removed or replaced blob is never a source). Unreadable maps are skipped: they are
    /// only a cache. The final hash check of a download still judges what was copied.
    /// </summary>
    public static Dictionary<(string Xorb, int Index), ChunkPlace> Load(IEnumerable<(string MapPath, string BlobPath)> maps)
    {
        var index = new Dictionary<(string, int), ChunkPlace>();
        foreach (var (mapPath, blobPath) in maps)
        {
            try
            {
                var lines = File.ReadAllLines(mapPath, Encoding.ASCII);
                if (lines.Length < 2 || lines[0] != Header || lines[1].Split(' ') is not [_, _, var sizeText]
                    || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                    continue;
                var blob = new FileInfo(blobPath);
                if (!blob.Exists || blob.Length != size)
                    continue;
                foreach (var line in lines.Skip(2))
                {
                    if (line.Split(' ') is not [var xorb, var firstText, var offsetText, var lengths] || !ReconstructionParser.IsHash(xorb)
                        || !int.TryParse(firstText, NumberStyles.None, CultureInfo.InvariantCulture, out var chunk)
                        || !long.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
                        continue;
                    foreach (var lengthText in lengths.Split(','))
                    {
                        if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length is <= 0 or > ChunkHeader.MaxUncompressed || offset + length > size)
                            break;
                        index.TryAdd((xorb, chunk), new ChunkPlace(blobPath, offset, length));
                        chunk++;
                        offset += length;
                    }
                }
            }
            catch (IOException)
            {
                // A map being rewritten or gone: it is only a cache.
            }
        }

        return index;
    }
}
