using System.Buffers;
using K4os.Compression.LZ4.Streams;

namespace DownloadModels.Xet;

/// <summary>
/// Turns one stored chunk back into its bytes: as is, an LZ4 frame (K4os' frame decoder: linked or independent
/// blocks, optional checksums and content size), or an LZ4 frame of byte-grouped data (groups of every 4th byte,
/// stored one after the other) regrouped. Owns one scratch buffer of the largest chunk, so it is used by one
/// fetch at a time.
/// </summary>
internal sealed class ChunkDecoder
{
    private readonly byte[] _grouped = new byte[ChunkHeader.MaxUncompressed];
    private readonly FixedWriter _frameOutput = new();

    /// <summary>Decodes <paramref name="stored"/> into <paramref name="output"/>, which is exactly the header's uncompressed length.</summary>
    public void Decode(ChunkHeader header, ReadOnlySpan<byte> stored, Span<byte> output)
    {
        if (output.Length != header.UncompressedLength || stored.Length != header.CompressedLength)
            throw new ArgumentException("buffers do not match the chunk header");
        switch (header.Scheme)
        {
            case ChunkScheme.None:
                stored.CopyTo(output);
                break;
            case ChunkScheme.Lz4:
                DecodeFrame(stored, output);
                break;
            case ChunkScheme.ByteGrouping4Lz4:
                var grouped = _grouped.AsSpan(0, output.Length);
                DecodeFrame(stored, grouped);
                Ungroup(grouped, output);
                break;
            default:
                throw new XetDataException($"unknown compression scheme {(int)header.Scheme}");
        }
    }

    /// <summary>
    /// Byte grouping 4 undone: n bytes were stored as four groups of sizes q+(r&gt;0), q+(r&gt;1), q+(r&gt;2), q
    /// (q = n/4, r = n%4), group k holding bytes k, k+4, k+8...
    /// </summary>
    public static void Ungroup(ReadOnlySpan<byte> grouped, Span<byte> output)
    {
        var n = grouped.Length;
        var q = n / 4;
        var r = n % 4;
        var start = 0;
        for (var k = 0; k < 4; k++)
        {
            var size = q + (k < r ? 1 : 0);
            var group = grouped.Slice(start, size);
            for (var i = 0; i < size; i++)
                output[(4 * i) + k] = group[i];
            start += size;
        }
    }

    private void DecodeFrame(ReadOnlySpan<byte> frame, Span<byte> output)
    {
        var writer = _frameOutput;
        writer.Reset(output.Length);
        try
        {
            LZ4Frame.Decode(frame, writer);
        }
        catch (Exception e) when (e is not (XetDataException or OutOfMemoryException))
        {
            // K4os reports a bad frame in several ways (EndOfStream among them, an IOException that must not pass for a network error).
            throw new XetDataException("an LZ4 frame does not decode");
        }

        if (writer.Written != output.Length)
            throw new XetDataException($"an LZ4 frame decoded to {writer.Written} bytes, its header says {output.Length}");
        writer.Buffer.AsSpan(0, output.Length).CopyTo(output);
    }

    /// <summary>A buffer writer that refuses to grow past the chunk's announced size (a frame that lies is refused, not followed).</summary>
    private sealed class FixedWriter : IBufferWriter<byte>
    {
        private int _capacity;

        public byte[] Buffer { get; } = new byte[ChunkHeader.MaxUncompressed];

        public int Written { get; private set; }

        public void Reset(int capacity)
        {
            _capacity = capacity;
            Written = 0;
        }

        public void Advance(int count)
        {
            if (count < 0 || Written + count > _capacity)
                throw new XetDataException("an LZ4 frame decodes to more bytes than its chunk header says");
            Written += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => Buffer.AsMemory(Math.Min(Written, Buffer.Length));

        public Span<byte> GetSpan(int sizeHint = 0) => Buffer.AsSpan(Math.Min(Written, Buffer.Length));
    }
}
