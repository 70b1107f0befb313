namespace DownloadModels.Xet;

/// <summary>
/// A file range as the CAS describes it, in one shape whatever the API version: the terms in file order (chunks
/// [Start, End) of a xorb, decompressing to <see cref="XetTerm.UnpackedLength"/> bytes), and the signed byte ranges
/// that carry them. The first term's first <see cref="OffsetIntoFirstRange"/> bytes lie before the range asked for.
/// </summary>
internal sealed record Reconstruction(long OffsetIntoFirstRange, IReadOnlyList<XetTerm> Terms, IReadOnlyList<XorbRange> Ranges);

internal sealed record XetTerm(string Xorb, int Start, int End, long UnpackedLength);

/// <summary>
/// One signed range of a xorb: chunks [<see cref="ChunkStart"/>, <see cref="ChunkEnd"/>) stored in bytes
/// [<see cref="ByteStart"/>, <see cref="ByteEnd"/>] (inclusive) of <see cref="Url"/>, fetched with exactly that Range.
/// </summary>
internal sealed record XorbRange(string Xorb, Uri Url, int ChunkStart, int ChunkEnd, long ByteStart, long ByteEnd)
{
    public long Length => ByteEnd - ByteStart + 1;

    public bool Holds(XetTerm term) => term.Xorb == Xorb && term.Start >= ChunkStart && term.End <= ChunkEnd;
}
