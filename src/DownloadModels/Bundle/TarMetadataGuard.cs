using System.Text;

namespace DownloadModels.Bundle;

/// <summary>
/// Sits between the decompressor and the tar reader and follows the tar framing itself (512-byte headers,
/// data rounded up to 512), so that a metadata entry — a GNU long name or link (<c>L</c>, <c>K</c>) or a PAX
/// header (<c>x</c>, <c>g</c>) — announcing more than <see cref="MaxMetadataBytes"/> is refused before the
/// tar reader allocates a buffer of that size (a 1 GB long name took ~2.9 GB, a huge size field threw).
/// A PAX <c>size</c> record is honoured, as the tar reader honours it, so the framing never drifts.
/// </summary>
internal sealed class TarMetadataGuard(Stream inner) : Stream
{
    /// <summary>Far beyond any name or PAX record a bundle needs (names are capped at 4 KB by the layout).</summary>
    public const int MaxMetadataBytes = 1 << 20;

    private const int Block = 512;
    private readonly byte[] _header = new byte[Block];
    private int _headerFill;
    private long _dataLeft;         // bytes of the current entry's data (with padding) still to pass
    private MemoryStream? _pax;     // the data of a PAX header being passed, to find its size record
    private long? _paxSize;         // the size a PAX header gave the entry that follows it

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Follow(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Follow(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Follow(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            if (_dataLeft > 0)
            {
                var take = (int)Math.Min(_dataLeft, bytes.Length);
                _pax?.Write(bytes[..(int)Math.Min(take, Math.Max(0, MaxMetadataBytes - _pax.Length))]);
                _dataLeft -= take;
                bytes = bytes[take..];
                if (_dataLeft == 0 && _pax is not null)
                {
                    _paxSize = PaxSize(_pax.ToArray());
                    _pax = null;
                }

                continue;
            }

            var part = Math.Min(Block - _headerFill, bytes.Length);
            bytes[..part].CopyTo(_header.AsSpan(_headerFill));
            _headerFill += part;
            bytes = bytes[part..];
            if (_headerFill == Block)
            {
                _headerFill = 0;
                Header();
            }
        }
    }

    private void Header()
    {
        if (!_header.AsSpan().ContainsAnyExcept((byte)0))
            return; // an end-of-archive block
        var type = (char)_header[156];
        var size = Size(_header.AsSpan(124, 12));
        var metadata = type is 'L' or 'K' or 'x' or 'g';
        if (metadata && size > MaxMetadataBytes)
            throw new BundleException($"the bundle holds a tar metadata entry (type '{type}') of {size} bytes, more than the {MaxMetadataBytes} a bundle ever needs: it was not made by download-models pack");
        if (!metadata && _paxSize is { } paxSize)
            size = paxSize;
        if (!metadata)
            _paxSize = null;
        _pax = type == 'x' ? new MemoryStream() : null;
        _dataLeft = (size + Block - 1) / Block * Block;
        if (_dataLeft == 0 && _pax is not null)
        {
            _paxSize = null;
            _pax = null;
        }
    }

    /// <summary>A numeric header field: octal text, or base-256 when the first byte's high bit is set.</summary>
    private static long Size(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            long value = field[0] & 0x7F;
            foreach (var b in field[1..])
            {
                if (value > (long.MaxValue >> 8))
                    throw new BundleException("the bundle cannot be read: a tar size field is out of range (damaged, or not a download-models bundle)");
                value = (value << 8) | b;
            }

            return value;
        }

        long octal = 0;
        foreach (var b in field)
        {
            if (b is (byte)' ' or 0)
            {
                if (octal > 0)
                    break;
                continue;
            }

            if (b is < (byte)'0' or > (byte)'7')
                throw new BundleException("the bundle cannot be read: not a valid tar stream (damaged, cut short, or not a download-models bundle)");
            octal = (octal << 3) | (uint)(b - '0');
        }

        return octal;
    }

    /// <summary>The value of a "size" record in PAX data ("LEN size=N\n" records), or null.</summary>
    private static long? PaxSize(byte[] data)
    {
        var text = Encoding.UTF8.GetString(data);
        foreach (var record in text.Split('\n'))
        {
            var space = record.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && record[(space + 1)..].StartsWith("size=", StringComparison.Ordinal)
                && long.TryParse(record[(space + 6)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size))
                return size;
        }

        return null;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
