namespace DownloadModels.Xet;

/// <summary>
/// A stretch of one verified blob where chunks of one xorb follow one another, and the chunk boundaries known in it
/// (chunk index → offset in the blob). A map we wrote while downloading knows every boundary; one learnt from a
/// reconstruction knows the ends of each term, and probes (one-byte ranged reconstructions of the source file) add more.
/// </summary>
internal sealed class SourceRun(string xorb, string blob, string mapPath, string xetHash, long blobSize)
{
    private readonly SortedList<int, long> _bounds = [];

    public string Xorb { get; } = xorb;
    public string Blob { get; } = blob;
    public string MapPath { get; } = mapPath;

    /// <summary>The xet hash of the file the blob holds (for probes).</summary>
    public string XetHash { get; } = xetHash;
    public long BlobSize { get; } = blobSize;

    public int First => _bounds.Keys[0];
    public int Last => _bounds.Keys[^1];
    public long Start => _bounds.Values[0];
    public long End => _bounds.Values[^1];
    public int Known => _bounds.Count;

    public bool Covers(int start, int end) => First <= start && end <= Last;

    public long? At(int index) => _bounds.TryGetValue(index, out var offset) ? offset : null;

    /// <summary>Known boundaries with index in [<paramref name="from"/>, <paramref name="to"/>], in order.</summary>
    public IEnumerable<(int Index, long Offset)> Between(int from, int to)
    {
        for (var i = LowerBound(from); i < _bounds.Count && _bounds.Keys[i] <= to; i++)
            yield return (_bounds.Keys[i], _bounds.Values[i]);
    }

    /// <summary>The nearest known boundaries around <paramref name="index"/> (below and above), for a probe's estimate.</summary>
    public (int Index, long Offset)? Below(int index)
    {
        var i = LowerBound(index) - 1;
        return i >= 0 ? (_bounds.Keys[i], _bounds.Values[i]) : null;
    }

    public (int Index, long Offset)? Above(int index)
    {
        var i = LowerBound(index + 1);
        return i < _bounds.Count ? (_bounds.Keys[i], _bounds.Values[i]) : null;
    }

    /// <summary>
    /// Adds a boundary when it agrees with the ones known (offsets grow with indices, each chunk 1 to 128 KiB, within
    /// the blob); a boundary that contradicts them is ignored (the final hashes would catch it anyway).
    /// </summary>
    public bool Set(int index, long offset)
    {
        if (offset < 0 || offset > BlobSize)
            return false;
        if (_bounds.TryGetValue(index, out var known))
            return known == offset;
        if (_bounds.Count > 0)
        {
            if (Below(index) is { } low && (offset <= low.Offset || offset - low.Offset > (long)(index - low.Index) * ChunkHeader.MaxUncompressed))
                return false;
            if (Above(index) is { } high && (high.Offset <= offset || high.Offset - offset > (long)(high.Index - index) * ChunkHeader.MaxUncompressed))
                return false;
        }

        _bounds[index] = offset;
        return true;
    }

    private int LowerBound(int index)
    {
        var keys = _bounds.Keys;
        int low = 0, high = keys.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (keys[mid] < index)
                low = mid + 1;
            else
                high = mid;
        }

        return low;
    }
}

/// <summary>
/// Bytes of a file to copy from a source blob instead of fetching: chunks [<see cref="Start"/>, <see cref="End"/>) of
/// the run's xorb. <see cref="Exact"/>: one chunk whose boundaries are known (the xet hash can be computed over it);
/// otherwise several chunks known only together.
/// </summary>
internal readonly record struct ReusePiece(SourceRun Run, int Start, int End, long BlobOffset, long FileOffset, long Length)
{
    public bool Exact => End - Start == 1;
}

/// <summary>
/// Every place the cache's chunk maps know for chunks of some xorb (issue 22), and the plan that puts a new file's
/// terms onto them: a term is copied whole when one of its ends is a known boundary of a stretch of the same xorb
/// that holds all its chunks (its length is the term's <c>unpacked_length</c>); otherwise as much of its start and
/// end as known boundaries allow. What is left is fetched. Maps are only a cache: a map whose blob is gone or has
/// another size is never read, an unreadable one is skipped, and the final hashes judge whatever was copied.
/// </summary>
internal sealed class ChunkSources
{
    private readonly Dictionary<string, List<SourceRun>> _byXorb = new(StringComparer.Ordinal);

    public int Runs => _byXorb.Values.Sum(r => r.Count);

    /// <summary>
    /// The runs of every map in <paramref name="maps"/> that reads back whole (<see cref="ChunkMapFile.Read"/>) and whose
    /// blob exists with the sha256 and size the map names.
    /// </summary>
    public static ChunkSources Load(IEnumerable<(string MapPath, string BlobPath)> maps)
    {
        var sources = new ChunkSources();
        foreach (var (mapPath, blobPath) in maps)
        {
            if (ChunkMapFile.Read(mapPath, out _) is { } map)
                sources.Add(map, mapPath, blobPath);
        }

        return sources;
    }

    /// <summary>Adds the runs of one map's text (as <see cref="ChunkMap.ToText"/> writes it) describing <paramref name="blobPath"/>.</summary>
    public void Add(string text, string mapPath, string blobPath)
    {
        if (ChunkMapFile.Parse(text, out _) is { } map)
            Add(map, mapPath, blobPath);
    }

    private void Add(ChunkMapFile map, string mapPath, string blobPath)
    {
        try
        {
            var blob = new FileInfo(blobPath);
            if (!blob.Exists || map.MismatchWith(Path.GetFileName(blobPath), blob.Length) is not null)
                return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // a blob we cannot look at is never a source
        }

        foreach (var line in map.Runs)
        {
            var run = new SourceRun(line.Xorb, blobPath, mapPath, map.XetHash, map.Size);
            var (chunk, offset) = (line.First, line.Offset);
            run.Set(chunk, offset);
            for (var i = 0; i < line.Lengths.Length; i++)
            {
                if (!run.Set(chunk + line.Counts[i], offset + line.Lengths[i]))
                    break;
                chunk += line.Counts[i];
                offset += line.Lengths[i];
            }

            if (run.Known < 2)
                continue;
            if (!_byXorb.TryGetValue(line.Xorb, out var runs))
                _byXorb[line.Xorb] = runs = [];
            runs.Add(run);
        }
    }

    /// <summary>
    /// The pieces of the file <paramref name="reconstruction"/> describes (a whole-file one) that the cache holds, in
    /// file order; <paramref name="unplaced"/> gets each term that a run holds but cannot place (no known boundary at
    /// either end): a probe may find one.
    /// </summary>
    public List<ReusePiece> Plan(Reconstruction reconstruction, List<(XetTerm Term, SourceRun Run)>? unplaced = null)
    {
        var pieces = new List<ReusePiece>();
        var position = -reconstruction.OffsetIntoFirstRange;
        foreach (var term in reconstruction.Terms)
        {
            if (_byXorb.TryGetValue(term.Xorb, out var runs) && !PlaceWhole(term, position, runs, pieces))
            {
                var reached = PlaceStart(term, position, runs, pieces);
                PlaceEnd(term, position, reached, runs, pieces);
                if (reached.Index == term.Start && runs.FirstOrDefault(r => r.Covers(term.Start, term.End)) is { } holder)
                    unplaced?.Add((term, holder));
            }

            position += term.UnpackedLength;
        }

        return pieces;
    }

    /// <summary>
    /// Where a probe should look to learn where <paramref name="term"/> lies in the run: inside the chunk next to one of
    /// its ends when that chunk's other boundary is known (the probe then names the end exactly), else where its first
    /// chunk should lie between the known boundaries around it.
    /// </summary>
    public static long Estimate(SourceRun run, XetTerm term)
    {
        var (start, end) = (term.Start, term.End);
        if (run.Below(start) is (var before, var beforeAt) && before == start - 1)
            return beforeAt;
        if (run.Above(start) is (var after, var afterAt) && after == start + 1)
            return afterAt - 1;
        if (run.Above(end) is (var next, var nextAt) && next == end + 1)
            return nextAt - 1;
        if (run.Below(end) is (var last, var lastAt) && last == end - 1)
            return lastAt;
        return Estimate(run, start);
    }

    /// <summary>Where chunk <paramref name="index"/> of the run should lie: between the known boundaries around it.</summary>
    public static long Estimate(SourceRun run, int index)
    {
        if (run.At(index) is { } known)
            return known;
        var (lowIndex, lowOffset) = run.Below(index) ?? (run.First, run.Start);
        var (highIndex, highOffset) = run.Above(index) ?? (run.Last, run.End);
        return lowOffset + ((highOffset - lowOffset) * (index - lowIndex) / Math.Max(1, highIndex - lowIndex));
    }

    /// <summary>
    /// What a probe answered: the reconstruction of the source file from byte <paramref name="start"/> names the chunks
    /// there and where they begin; each boundary of the run's xorb that falls inside the run is added to it.
    /// </summary>
    public static int Learn(SourceRun run, Reconstruction probe, long start)
    {
        var added = 0;
        var position = start - probe.OffsetIntoFirstRange;
        foreach (var term in probe.Terms)
        {
            if (term.Xorb == run.Xorb && run.Covers(term.Start, term.End) && position >= run.Start && position + term.UnpackedLength <= run.End)
            {
                if (run.At(term.Start) is null && run.Set(term.Start, position))
                    added++;
                if (run.At(term.End) is null && run.Set(term.End, position + term.UnpackedLength))
                    added++;
            }

            position += term.UnpackedLength;
        }

        return added;
    }

    private static bool PlaceWhole(XetTerm term, long position, List<SourceRun> runs, List<ReusePiece> pieces)
    {
        foreach (var run in runs.Where(r => r.Covers(term.Start, term.End)))
        {
            long source;
            if (run.At(term.Start) is { } start)
            {
                if (run.At(term.End) is { } end && end - start != term.UnpackedLength)
                    continue;
                source = start;
            }
            else if (run.At(term.End) is { } end)
            {
                source = end - term.UnpackedLength;
            }
            else
            {
                continue;
            }

            if (source >= run.Start && source + term.UnpackedLength <= run.End && Segments(run, term.Start, term.End, source, term.UnpackedLength, position, pieces))
            {
                // Both ends are boundaries of the source now: a neighbouring term may be placed (or probed) from them.
                run.Set(term.Start, source);
                run.Set(term.End, source + term.UnpackedLength);
                return true;
            }
        }

        return false;
    }

    /// <summary>The term's first chunks, up to the last boundary a run knows: returns the chunk and file offset reached.</summary>
    private static (int Index, long Position) PlaceStart(XetTerm term, long position, List<SourceRun> runs, List<ReusePiece> pieces)
    {
        foreach (var run in runs.Where(r => r.First <= term.Start && term.Start < r.Last))
        {
            if (run.At(term.Start) is not { } start || run.Between(term.Start + 1, term.End).Select(b => ((int, long)?)b).LastOrDefault() is not (var reach, var end)
                || end - start > term.UnpackedLength)
                continue;
            if (Segments(run, term.Start, reach, start, end - start, position, pieces))
                return (reach, position + (end - start));
        }

        return (term.Start, position);
    }

    /// <summary>The term's last chunks, back to the first boundary a run knows at or after what the start reached.</summary>
    private static void PlaceEnd(XetTerm term, long position, (int Index, long Position) reached, List<SourceRun> runs, List<ReusePiece> pieces)
    {
        var termEnd = position + term.UnpackedLength;
        foreach (var run in runs.Where(r => r.First < term.End && term.End <= r.Last))
        {
            if (run.At(term.End) is not { } end || run.Between(reached.Index, term.End - 1).Select(b => ((int, long)?)b).FirstOrDefault() is not (var firstIndex, var from))
                continue;
            var length = end - from;
            if (length <= 0 || termEnd - length < reached.Position)
                continue;
            if (Segments(run, firstIndex, term.End, from, length, termEnd - length, pieces))
                return;
        }
    }

    /// <summary>Chunks [start, end) at <paramref name="source"/> of the run, cut at every boundary known inside: exact chunks where known.</summary>
    private static bool Segments(SourceRun run, int start, int end, long source, long length, long filePosition, List<ReusePiece> pieces)
    {
        var cut = new List<ReusePiece>();
        var (index, offset) = (start, source);
        foreach (var (next, at) in run.Between(start + 1, end - 1).Append((end, source + length)))
        {
            if (at <= offset || at > source + length)
                return false;
            cut.Add(new ReusePiece(run, index, next, offset, filePosition + (offset - source), at - offset));
            (index, offset) = (next, at);
        }

        if (cut.Any(p => p.Exact && p.Length > ChunkHeader.MaxUncompressed))
            return false;
        pieces.AddRange(cut);
        return true;
    }
}
