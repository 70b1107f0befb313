namespace DownloadModels.Tests.FakeHub.Xet;

/// <summary>One input file for the Xet oracle: an id (unique across the uploads of one build) and its bytes.</summary>
public sealed record XetInput(string Id, byte[] Content);

/// <summary>
/// One upload, as one <c>hf upload</c>: a single run of <c>@huggingface/hub</c>'s createXorbs over its files in
/// order. Later uploads of one build dedup against the earlier ones' chunks, as the Hub's uploader does.
/// </summary>
public sealed record XetUpload(string Name, IReadOnlyList<XetInput> Files);

/// <summary>
/// A file of the fixtures: its bytes, its two identities (sha256 = <c>lfs.oid</c>, xet hash = <c>xetHash</c>, both
/// made by the JS library / xet-core wasm), how the JS uploader stored it (<see cref="Terms"/>, in file order) and its
/// chunks in file order (<see cref="Chunks"/>: what the terms expand to). <see cref="XetCoreChunks"/> is how
/// xet-core's own chunker would cut the same bytes (it differs from the JS chunker, see the protocol doc §8), with
/// the file hash that chunking would give, for reference only.
/// </summary>
public sealed record XetFixtureFile(
    string Id,
    string Upload,
    byte[] Content,
    string Sha256,
    string XetHash,
    double DedupRatio,
    IReadOnlyList<XetTerm> Terms,
    IReadOnlyList<XetChunk> Chunks,
    IReadOnlyList<XetChunk> XetCoreChunks,
    string XetCoreChunkedFileHash)
{
    public long Size => Content.LongLength;
}

/// <summary>A term of a file's representation: chunks [<see cref="Start"/>, <see cref="End"/>) of xorb <see cref="Xorb"/>.</summary>
public sealed record XetTerm(string Xorb, int Start, int End, long UnpackedLength);

/// <summary>A chunk of a file: its BLAKE3 chunk hash (hash string form), where it starts in the file and its length.</summary>
public sealed record XetChunk(string Hash, long Offset, int Length);

/// <summary>
/// A xorb as the JS uploader made it: <see cref="Bytes"/> is the chunk stream ([8-byte header][packed data] per
/// chunk) without the footer, which no download range reaches. <see cref="Chunks"/> gives each chunk's position.
/// </summary>
public sealed record XetXorb(string Hash, string Upload, byte[] Bytes, IReadOnlyList<XetXorbChunk> Chunks)
{
    /// <summary>Byte range [start, end) in <see cref="Bytes"/> of chunks [<paramref name="first"/>, <paramref name="end"/>).</summary>
    public (long Start, long End) ByteRange(int first, int end) =>
        (Chunks[first].Offset, end >= Chunks.Count ? Bytes.LongLength : Chunks[end].Offset);
}

/// <summary>
/// One chunk of a xorb: its hash, decompressed length, where its header starts in the xorb, header + packed data
/// length, and the compression scheme of its header (0 none, 1 LZ4 frame, 2 byte-grouping-4 + LZ4).
/// </summary>
public sealed record XetXorbChunk(string Hash, int UnpackedLength, long Offset, int PackedLength, int Scheme);
