namespace DownloadModels.Transfer;

/// <summary>Bytes <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive) of a file.</summary>
internal readonly record struct ByteRange(long Start, long End)
{
    public long Length => End - Start;

    /// <summary>Sorted, overlaps and neighbours merged, empty ranges dropped.</summary>
    public static List<ByteRange> Coalesce(IEnumerable<ByteRange> ranges)
    {
        var merged = new List<ByteRange>();
        foreach (var range in ranges.Where(r => r.End > r.Start).OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
                merged[^1] = merged[^1] with { End = Math.Max(merged[^1].End, range.End) };
            else
                merged.Add(range);
        }

        return merged;
    }

    /// <summary>Bytes from the file's start that <paramref name="written"/> (coalesced) holds without a hole.</summary>
    public static long ContiguousPrefix(IReadOnlyList<ByteRange> written) =>
        written is [{ Start: 0 } first, ..] ? first.End : 0;
}
