using System.Globalization;
using System.Text;
using DownloadModels.Errors;

namespace DownloadModels.Xet;

/// <summary>
/// One line of a chunk map: chunks <see cref="First"/>.. of <see cref="Xorb"/>, back to back from <see cref="Offset"/>
/// of the blob. Item <c>i</c> is <see cref="CountOf"/> chunks of <see cref="Lengths"/>[i] bytes together: one chunk for
/// a map we wrote downloading, several for a stretch a map learnt from a reconstruction knows only as a whole.
/// </summary>
internal sealed record ChunkRun(string Xorb, int First, long Offset, int[] Lengths, int[]? Counts)
{
    /// <summary>One past the last chunk index of the run.</summary>
    public int End { get; } = First + (Counts?.Sum() ?? Lengths.Length);

    /// <summary>How many chunks item <paramref name="item"/> stands for.</summary>
    public int CountOf(int item) => Counts?[item] ?? 1;

    /// <summary>
    /// The bytes of chunks <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) of the run; an item of
    /// several chunks partly inside counts in proportion to its chunks inside.
    /// </summary>
    public long BytesOf(int from, int to)
    {
        long bytes = 0;
        var chunk = First;
        for (var i = 0; i < Lengths.Length && chunk < to; i++)
        {
            var count = CountOf(i);
            var inside = Math.Min(to, chunk + count) - Math.Max(from, chunk);
            if (inside > 0)
                bytes += inside == count ? Lengths[i] : (long)Lengths[i] * inside / count;
            chunk += count;
        }

        return bytes;
    }
}

/// <summary>
/// A chunk map file read back (<see cref="ChunkMap"/> writes it), strictly: the header, the identity line
/// (<c>{xet hash} {sha256} {size}</c>) and every run line must parse, and no chunk may lie past the size the
/// identity line gives, or the whole map is refused (<see cref="Read"/> says why). The one reader of the format:
/// the downloader's sources, <c>verify</c>, <c>prune</c> and <c>list</c> all judge a map by it.
/// </summary>
internal sealed record ChunkMapFile(string XetHash, string Sha256, long Size, IReadOnlyList<ChunkRun> Runs)
{
    public const string Header = ChunkMap.Header;

    /// <summary>The suffix of a map being written (<c>{sha256}.{random}.tmp</c>: what a kill leaves behind; prune removes it).</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>
    /// A map is a few bytes per 64 KiB chunk (about 100 KiB for a 1 GB file): anything much larger is not one of ours,
    /// and is not read into memory.
    /// </summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>
    /// The map at <paramref name="path"/>, or null with <paramref name="problem"/> saying why it cannot be used
    /// (absent, a link, empty, too large, unreadable, not a map). A link or an empty file (a FIFO, say) is never opened.
    /// </summary>
    public static ChunkMapFile? Read(string path, out string? problem)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                problem = "missing";
                return null;
            }

            if (info.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                problem = "a link, not a file";
                return null;
            }

            if (info.Length == 0 || info.Length > MaxBytes)
            {
                problem = info.Length == 0 ? "empty" : $"{info.Length} bytes: too large to be a chunk map";
                return null;
            }

            return Parse(File.ReadAllText(path, Encoding.ASCII), out problem);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot be read ({SystemErrors.Describe(e)})";
            return null;
        }
    }

    /// <summary>
    /// Writes a map's text atomically: under a temporary name of its own (<c>{path}.{random}.tmp</c>, so two processes
    /// writing one map never write into the same file), flushed to the disk, then renamed over the old one.
    /// </summary>
    public static void WriteAtomically(string path, string text)
    {
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

    /// <summary>
    /// Whether <paramref name="map"/> may be used for the blob at <paramref name="blobPath"/>: the blob is there (through
    /// a link too), named by the map's sha256, with the size the map gives.
    /// </summary>
    public static bool Fits(ChunkMapFile map, string blobPath)
    {
        try
        {
            var blob = new FileInfo(blobPath);
            return blob.Exists && map.MismatchWith(Path.GetFileName(blobPath), blob.Length) is null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The map a file's text describes, or null with <paramref name="problem"/> naming the first thing wrong.</summary>
    public static ChunkMapFile? Parse(string text, out string? problem)
    {
        var lines = text.Split('\n');
        if (lines[0] != Header)
            return Refuse("not a chunk map (its first line is not the header)", out problem);
        if (lines.Length < 2 || lines[1].Split(' ') is not [var xetHash, var sha256, var sizeText] || !ReconstructionParser.IsHash(xetHash)
            || !ReconstructionParser.IsHash(sha256) || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            return Refuse("its second line is not '{xet hash} {sha256} {size}'", out problem);
        if (!text.EndsWith('\n'))
            return Refuse("cut short (no line end after its last line)", out problem);

        var runs = new List<ChunkRun>(lines.Length);
        for (var i = 2; i < lines.Length - 1; i++)
        {
            if (ParseRun(lines[i]) is not { } run)
                return Refuse($"line {i + 1} is not '{{xorb hash}} {{first chunk}} {{offset}} {{length}},...'", out problem);
            var end = run.Offset + run.Lengths.Sum(l => (long)l);
            if (end > size)
                return Refuse($"line {i + 1} puts chunks up to byte {end}, past the end of the {size}-byte blob", out problem);
            runs.Add(run);
        }

        problem = null;
        return new ChunkMapFile(xetHash, sha256, size, runs);
    }

    /// <summary>
    /// What makes this map wrong for the blob <paramref name="etag"/> holding <paramref name="blobLength"/> bytes
    /// (null: it fits). Cheap: names and sizes only, nothing is hashed.
    /// </summary>
    public string? MismatchWith(string etag, long blobLength) =>
        Sha256 != etag ? $"names sha256 {Sha256}, not its blob's {etag}"
        : Size != blobLength ? $"describes {Size} bytes, its blob holds {blobLength}"
        : null;

    private static ChunkRun? ParseRun(string line)
    {
        if (line.Split(' ') is not [var xorb, var firstText, var offsetText, var lengthsText] || !ReconstructionParser.IsHash(xorb)
            || !int.TryParse(firstText, NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            return null;
        // A line holds up to a xorb's thousand or so items: parsed in place, not split into a string each.
        var rest = lengthsText.AsSpan();
        var lengths = new int[rest.Count(',') + 1];
        int[]? counts = null;
        long chunks = 0;
        for (var i = 0; i < lengths.Length; i++)
        {
            var comma = rest.IndexOf(',');
            var item = comma < 0 ? rest : rest[..comma];
            rest = comma < 0 ? [] : rest[(comma + 1)..];
            var count = 1;
            if (item.IndexOf('x') is var x and >= 0)
            {
                if (!int.TryParse(item[..x], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count <= 0)
                    return null;
                item = item[(x + 1)..];
                if (counts is null)
                {
                    // Items before the first {count}x{length} were one chunk each.
                    counts = new int[lengths.Length];
                    Array.Fill(counts, 1, 0, i);
                }
            }

            if (counts is not null)
                counts[i] = count;

            if (!int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out lengths[i]) || lengths[i] <= 0
                || lengths[i] > (long)count * ChunkHeader.MaxUncompressed)
                return null;
            chunks += count;
        }

        return first + chunks > int.MaxValue ? null : new ChunkRun(xorb, first, offset, lengths, counts);
    }

    private static ChunkMapFile? Refuse(string why, out string? problem)
    {
        problem = why;
        return null;
    }
}
