namespace DownloadModels.Xet;

/// <summary>
/// Where one term of a reconstruction lands in the file: its first byte at <see cref="FileStart"/>, each next chunk
/// right after the last (<see cref="Cursor"/> moves on as chunk headers tell the lengths).
/// </summary>
internal sealed class Placement(XetTerm term, long fileStart)
{
    public XetTerm Term { get; } = term;
    public long FileStart { get; } = fileStart;
    public long Cursor { get; set; } = fileStart;
}

/// <summary>One signed xorb range to fetch, the terms it serves, and the span of the file this round fills.</summary>
internal sealed record XorbJob(XorbRange Range, IReadOnlyList<Placement> Placements, long SpanStart, long SpanEnd)
{
    /// <summary>
    /// The jobs of one reconstruction of file bytes [<paramref name="spanStart"/>, <paramref name="spanEnd"/>): each term
    /// placed at its file offset (the first one <see cref="Reconstruction.OffsetIntoFirstRange"/> bytes early) and given
    /// to the first signed range that holds all its chunks; ranges no term needs are left out.
    /// </summary>
    public static List<XorbJob> Plan(Reconstruction reconstruction, long spanStart, long spanEnd)
    {
        var byRange = new Dictionary<XorbRange, List<Placement>>(ReferenceEqualityComparer.Instance);
        var position = spanStart - reconstruction.OffsetIntoFirstRange;
        foreach (var term in reconstruction.Terms)
        {
            if (position >= spanEnd)
                break;
            var range = reconstruction.Ranges.First(r => r.Holds(term));
            if (!byRange.TryGetValue(range, out var placements))
                byRange[range] = placements = [];
            placements.Add(new Placement(term, position));
            position += term.UnpackedLength;
        }

        if (position < spanEnd)
            throw new XetDataException($"the reconstruction's terms end at byte {position}, before the {spanEnd} asked for");
        return [.. byRange.Select(p => new XorbJob(p.Key, p.Value, spanStart, spanEnd)).OrderBy(j => j.Placements.Min(p => p.FileStart))];
    }
}

/// <summary>A xorb URL answered 403 (or 401): its signature expired; the span is reconstructed again for fresh URLs.</summary>
internal sealed class XorbUrlExpiredException(string message) : Exception(message);
