using System.Globalization;
using System.Text;
using DownloadModels.Errors;

namespace DownloadModels.Xet;

/// <summary>
/// One line of a chunk map: chunks <see cref="First"/>.. of <see cref="Xorb"/>, back to back from <see cref="Offset"/> of
/// the blob. Item i covers <see cref="Counts"/>[i] chunks in <see cref="Lengths"/>[i] bytes: one chunk (its length is
/// known), or several known only together (a map learnt from a reconstruction: <c>{count}x{length}</c>).
/// </summary>
internal sealed record ChunkRun(string Xorb, int First, long Offset, int[] Lengths, int[] Counts)
{
    /// <summary>One past the last chunk index of the run.</summary>
    public int End { get; } = First + Counts.Sum();

    /// <summary>
    /// The bytes of chunks <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) of the run; an item
    /// of several chunks partly inside counts its share by chunks (their lengths one by one are not known).
    /// </summary>
    public long BytesOf(int from, int to)
    {
        long bytes = 0;
        var chunk = First;
        for (var i = 0; i < Lengths.Length && chunk < to; chunk += Counts[i], i++)
        {
            var inside = Math.Min(to, chunk + Counts[i]) - Math.Max(from, chunk);
            if (inside > 0)
                bytes += inside == Counts[i] ? Lengths[i] : (long)Lengths[i] * inside / Counts[i];
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
    public const string Header = "download-models xet chunk map v1";

    /// <summary>
    /// A map is a few bytes per 64 KiB chunk (about 100 KiB for a 1 GB file): anything much larger is not one of ours,
    /// and is not read into memory.
    /// </summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>A term holds at most a xorb's chunks (8192 in xet-core; some slack for other servers).</summary>
    private const int MaxChunksPerItem = 1 << 16;

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
        // A line holds up to a xorb's thousand or so lengths: parsed in place, not split into a string each.
        var rest = lengthsText.AsSpan();
        var lengths = new int[rest.Count(',') + 1];
        var counts = new int[lengths.Length];
        long chunks = 0;
        for (var i = 0; i < lengths.Length; i++)
        {
            var comma = rest.IndexOf(',');
            var part = comma < 0 ? rest : rest[..comma];
            rest = comma < 0 ? [] : rest[(comma + 1)..];
            var times = part.IndexOf('x');
            counts[i] = 1;
            if (times >= 0 && (!int.TryParse(part[..times], NumberStyles.None, CultureInfo.InvariantCulture, out counts[i]) || counts[i] is <= 1 or > MaxChunksPerItem))
                return null;
            if (!int.TryParse(times < 0 ? part : part[(times + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out lengths[i])
                || lengths[i] < counts[i] || lengths[i] > (long)counts[i] * ChunkHeader.MaxUncompressed)
                return null;
            chunks += counts[i];
        }

        return first > int.MaxValue - chunks ? null : new ChunkRun(xorb, first, offset, lengths, counts);
    }

    private static ChunkMapFile? Refuse(string why, out string? problem)
    {
        problem = why;
        return null;
    }
}
