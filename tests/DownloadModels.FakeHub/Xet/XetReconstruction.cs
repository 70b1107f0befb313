namespace DownloadModels.Tests.FakeHub.Xet;

/// <summary>A term of a reconstruction answer: chunks [<see cref="Start"/>, <see cref="End"/>) of a xorb.</summary>
public sealed record XetPlannedTerm(string Xorb, int Start, int End, long UnpackedLength);

/// <summary>A fetch range of a xorb: chunks [start, end) and their bytes [<see cref="ByteStart"/>, <see cref="ByteLast"/>] (inclusive).</summary>
public sealed record XetFetchRange(int ChunkStart, int ChunkEnd, long ByteStart, long ByteLast)
{
    public long Length => ByteLast - ByteStart + 1;
}

/// <summary>
/// What the CAS answers for bytes [first, last] of a file (protocol doc §4): the whole chunks that cover them as terms
/// (each stored term cut to the chunks in range), how many decompressed bytes of the first term to skip, and per xorb
/// the ascending, merged chunk ranges the terms need (a chunk used twice is fetched once).
/// </summary>
public sealed record XetReconstruction(long OffsetIntoFirstRange, IReadOnlyList<XetPlannedTerm> Terms, IReadOnlyList<(string Xorb, IReadOnlyList<XetFetchRange> Ranges)> FetchRanges)
{
    /// <summary>Bytes of xorb data the fetch ranges cover.</summary>
    public long FetchBytes => FetchRanges.Sum(f => f.Ranges.Sum(r => r.Length));

    public static XetReconstruction Plan(XetFixtureFile file, IReadOnlyDictionary<string, XetXorb> xorbs, long first, long last)
    {
        var terms = new List<XetPlannedTerm>();
        long offset = 0;
        long skip = 0;
        var started = false;
        foreach (var term in file.Terms)
        {
            var chunks = xorbs[term.Xorb].Chunks;
            int? from = null;
            var to = term.Start;
            long length = 0;
            for (var i = term.Start; i < term.End && offset <= last; i++)
            {
                var size = chunks[i].UnpackedLength;
                if (offset + size > first)
                {
                    if (!started)
                    {
                        skip = first - offset;
                        started = true;
                    }

                    from ??= i;
                    to = i + 1;
                    length += size;
                }

                offset += size;
            }

            if (from is { } start)
            {
                terms.Add(new XetPlannedTerm(term.Xorb, start, to, length));
            }

            if (offset > last)
            {
                break;
            }
        }

        var fetch = new List<(string, IReadOnlyList<XetFetchRange>)>();
        foreach (var group in terms.GroupBy(t => t.Xorb, StringComparer.Ordinal))
        {
            var xorb = xorbs[group.Key];
            var merged = new List<(int Start, int End)>();
            foreach (var (start, end) in group.Select(t => (t.Start, t.End)).OrderBy(r => r.Start))
            {
                if (merged.Count > 0 && start <= merged[^1].End)
                {
                    merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, end));
                }
                else
                {
                    merged.Add((start, end));
                }
            }

            fetch.Add((group.Key, [.. merged.Select(r =>
            {
                var (byteStart, byteEnd) = xorb.ByteRange(r.Start, r.End);
                return new XetFetchRange(r.Start, r.End, byteStart, byteEnd - 1);
            })]));
        }

        return new XetReconstruction(skip, terms, fetch);
    }
}
