using System.Text.Json;

namespace DownloadModels.Xet;

/// <summary>
/// Reads a v2 or v1 reconstruction answer into a <see cref="Reconstruction"/>, checking everything that later
/// names a file position or a request: hashes, chunk and byte ranges, URLs, and that every term has a signed
/// range holding all its chunks. An answer that fails any check is nonsense from the CAS (<see cref="XetDataException"/>).
/// </summary>
internal static class ReconstructionParser
{
    /// <summary>A xorb holds at most 8192 chunks and 64 MiB (xet-core's limits); a little slack for other servers.</summary>
    private const int MaxChunkIndex = 1 << 16;
    private const long MaxXorbBytes = 1L << 30;

    public static Reconstruction ParseV2(ReadOnlySpan<byte> json)
    {
        var dto = Deserialize(json, XetJsonContext.Default.ReconstructionV2Dto);
        var ranges = new List<XorbRange>();
        foreach (var (xorb, entries) in dto.Xorbs ?? [])
        {
            CheckHash(xorb);
            foreach (var entry in entries ?? [])
            {
                var url = ParseUrl(entry?.Url);
                foreach (var range in entry!.Ranges ?? [])
                    ranges.Add(Range(xorb, url, range?.Chunks, range?.Bytes));
            }
        }

        return Build(dto.OffsetIntoFirstRange, dto.Terms, ranges);
    }

    public static Reconstruction ParseV1(ReadOnlySpan<byte> json)
    {
        var dto = Deserialize(json, XetJsonContext.Default.ReconstructionV1Dto);
        var ranges = new List<XorbRange>();
        foreach (var (xorb, entries) in dto.FetchInfo ?? [])
        {
            CheckHash(xorb);
            foreach (var entry in entries ?? [])
                ranges.Add(Range(xorb, ParseUrl(entry?.Url), entry?.Range, entry?.UrlRange));
        }

        return Build(dto.OffsetIntoFirstRange, dto.Terms, ranges);
    }

    private static Reconstruction Build(long offset, List<TermDto>? termDtos, List<XorbRange> ranges)
    {
        var terms = new List<XetTerm>();
        foreach (var dto in termDtos ?? [])
        {
            if (dto?.Hash is not { } hash || dto.Range is not { } range)
                throw new XetDataException("a reconstruction term lacks its xorb hash or chunk range");
            CheckHash(hash);
            CheckChunks(range);
            if (dto.UnpackedLength <= 0 || dto.UnpackedLength > (range.End - range.Start) * ChunkHeader.MaxUncompressed)
                throw new XetDataException($"a reconstruction term announces {dto.UnpackedLength} bytes for {range.End - range.Start} chunks");
            var term = new XetTerm(hash, (int)range.Start, (int)range.End, dto.UnpackedLength);
            if (!ranges.Any(r => r.Holds(term)))
                throw new XetDataException($"no signed range holds chunks {term.Start}-{term.End} of xorb {hash}");
            terms.Add(term);
        }

        if (offset < 0 || (terms.Count > 0 && offset >= terms[0].UnpackedLength))
            throw new XetDataException($"offset_into_first_range {offset} does not fall inside the first term");
        return new Reconstruction(offset, terms, ranges);
    }

    private static XorbRange Range(string xorb, Uri url, IndexRangeDto? chunks, IndexRangeDto? bytes)
    {
        if (chunks is null || bytes is null)
            throw new XetDataException($"a signed range of xorb {xorb} lacks its chunk or byte range");
        CheckChunks(chunks);
        if (bytes.Start < 0 || bytes.End < bytes.Start || bytes.End >= MaxXorbBytes)
            throw new XetDataException($"a signed range of xorb {xorb} has byte range {bytes.Start}-{bytes.End}");
        return new XorbRange(xorb, url, (int)chunks.Start, (int)chunks.End, bytes.Start, bytes.End);
    }

    private static void CheckChunks(IndexRangeDto range)
    {
        if (range.Start < 0 || range.End <= range.Start || range.End > MaxChunkIndex)
            throw new XetDataException($"a chunk range {range.Start}-{range.End} is empty or out of bounds");
    }

    private static void CheckHash(string hash)
    {
        if (!IsHash(hash))
            throw new XetDataException("a reconstruction names a xorb whose hash is not 64 hex digits");
    }

    public static bool IsHash(string? hash) => hash is { Length: 64 } && hash.All(char.IsAsciiHexDigitLower);

    private static Uri ParseUrl(string? text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new XetDataException("a reconstruction's xorb URL is missing or not http(s)");
        return url;
    }

    private static T Deserialize<T>(ReadOnlySpan<byte> json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new XetDataException("the reconstruction is JSON null");
        }
        catch (JsonException e)
        {
            throw new XetDataException($"the reconstruction is not the JSON the protocol describes ({Errors.SystemErrors.Describe(e)})");
        }
    }
}
