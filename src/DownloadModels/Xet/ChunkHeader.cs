namespace DownloadModels.Xet;

/// <summary>How a chunk's bytes are stored in a xorb.</summary>
internal enum ChunkScheme
{
    None = 0,
    Lz4 = 1,
    ByteGrouping4Lz4 = 2,
}

/// <summary>
/// The 8-byte header before each chunk in a xorb range: version 0, compressed length (u24 LE), scheme,
/// uncompressed length (u24 LE, at most 128 KiB). Anything else is refused as corrupt data.
/// </summary>
internal readonly record struct ChunkHeader(int CompressedLength, ChunkScheme Scheme, int UncompressedLength)
{
    public const int Size = 8;
    public const int MaxUncompressed = 128 * 1024;

    /// <summary>xet-core refuses a compressed chunk larger than twice the largest chunk.</summary>
    public const int MaxCompressed = 2 * MaxUncompressed;

    public static ChunkHeader Parse(ReadOnlySpan<byte> header)
    {
        if (header.Length < Size)
            throw new XetDataException("a chunk header is cut short");
        if (header[0] != 0)
            throw new XetDataException($"a chunk header has version {header[0]}, only 0 is known");
        var compressed = header[1] | (header[2] << 8) | (header[3] << 16);
        var uncompressed = header[5] | (header[6] << 8) | (header[7] << 16);
        if (header[4] > (byte)ChunkScheme.ByteGrouping4Lz4)
            throw new XetDataException($"a chunk header names compression scheme {header[4]}, which does not exist");
        if (uncompressed > MaxUncompressed || compressed > MaxCompressed)
            throw new XetDataException($"a chunk header announces {uncompressed} bytes ({compressed} compressed), more than a chunk may hold");
        var scheme = (ChunkScheme)header[4];
        if (scheme == ChunkScheme.None && compressed != uncompressed)
            throw new XetDataException("an uncompressed chunk's two lengths differ");
        return new ChunkHeader(compressed, scheme, uncompressed);
    }
}
