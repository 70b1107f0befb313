using System.Buffers;
using System.Security.Cryptography;

namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// The bytes of one blob: either held in memory or generated from a seed. Hashes are computed once,
/// lazily, by streaming, so a 200 MB generated file never exists in memory.
/// </summary>
internal sealed class FakeContent
{
    private const int ChunkSize = 1 << 16;
    private readonly byte[]? _bytes;
    private readonly int _seed;
    private readonly Lazy<string> _sha256;
    private readonly Lazy<string> _gitSha1;

    private FakeContent(byte[]? bytes, long size, int seed)
    {
        _bytes = bytes;
        _seed = seed;
        Size = size;
        _sha256 = new Lazy<string>(() => Hash(HashAlgorithmName.SHA256, []));
        _gitSha1 = new Lazy<string>(() => Hash(HashAlgorithmName.SHA1, HubHashes.GitBlobHeader(Size)));
    }

    public long Size { get; }

    public string Sha256 => _sha256.Value;

    public string GitSha1 => _gitSha1.Value;

    public static FakeContent FromBytes(byte[] bytes) => new(bytes, bytes.Length, 0);

    public static FakeContent FromSeed(long size, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return new FakeContent(null, size, seed);
    }

    /// <summary>The first <paramref name="size"/> bytes, without copying generated content.</summary>
    public FakeContent Prefix(long size) => _bytes is null ? new FakeContent(null, size, _seed) : FromBytes(_bytes[..(int)size]);

    /// <summary>Copies the bytes starting at <paramref name="offset"/> into <paramref name="destination"/>.</summary>
    public void Read(long offset, Span<byte> destination)
    {
        if (_bytes is not null)
        {
            _bytes.AsSpan((int)offset, destination.Length).CopyTo(destination);
        }
        else
        {
            FakeHubContent.Fill(_seed, offset, destination);
        }
    }

    public byte[] ToArray()
    {
        if (Size > Array.MaxLength)
        {
            throw new InvalidOperationException($"Content of {Size} bytes is too large to hold in memory; use its hashes.");
        }

        var copy = new byte[Size];
        Read(0, copy);
        return copy;
    }

    private string Hash(HashAlgorithmName algorithm, byte[] prefix)
    {
        using var hash = IncrementalHash.CreateHash(algorithm);
        hash.AppendData(prefix);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            for (long offset = 0; offset < Size; offset += ChunkSize)
            {
                var span = buffer.AsSpan(0, (int)Math.Min(ChunkSize, Size - offset));
                Read(offset, span);
                hash.AppendData(span);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
