using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace DownloadModels.Xet;

/// <summary>
/// The end-to-end check of a finished partial file, in one pass over its bytes: sha256 (the Hub's <c>lfs.oid</c>)
/// and the xet file hash (each chunk's BLAKE3 over the boundaries the sidecar recorded, their merkle root, the file
/// hash). Reads what is on disk, so a byte written wrong, or changed since, is caught.
/// </summary>
internal static class XetVerifier
{
    private const int ReadSize = 1024 * 1024;

    /// <summary>
    /// sha256 and the xet hash of the file whose pieces the sidecar recorded. The xet hash is null when a piece is a span
    /// of chunks whose boundaries are unknown (bytes reused from a map learnt from a reconstruction): without the
    /// boundaries it cannot be computed, and sha256 over every byte is the check.
    /// </summary>
    public static async Task<(string? XetHash, string Sha256)> HashAsync(string path, IReadOnlyList<(long Offset, long Length, bool Span)> pieces, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var digests = new List<ChunkDigest>(pieces.Count);
        var spans = false;
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize + ChunkHeader.MaxUncompressed);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            long position = 0;
            var filled = 0;
            var used = 0;
            foreach (var (offset, pieceLength, span) in pieces)
            {
                if (offset != position)
                    throw new XetDataException($"the recorded chunks leave a gap at byte {position}");
                spans |= span;
                for (var left = pieceLength; left > 0;)
                {
                    var length = (int)Math.Min(left, ChunkHeader.MaxUncompressed);
                    if (!span && length != pieceLength)
                        throw new XetDataException($"a recorded chunk at byte {offset} is longer than a chunk can be");
                    if (filled - used < length)
                    {
                        // Keep the unread tail, then fill the buffer again from the file.
                        Buffer.BlockCopy(buffer, used, buffer, 0, filled - used);
                        filled -= used;
                        used = 0;
                        filled += await ReadAtLeastAsync(handle, buffer.AsMemory(filled, ReadSize), position + filled, length - filled, ct);
                    }

                    var data = buffer.AsSpan(used, length);
                    sha.AppendData(data);
                    if (!span)
                    {
                        var hash = new byte[XetHashes.Size];
                        XetHashes.ChunkHash(data, hash);
                        digests.Add(new ChunkDigest(hash, length));
                    }

                    used += length;
                    position += length;
                    left -= length;
                }
            }

            return (spans ? null : XetHashes.FileHash(digests), Convert.ToHexStringLower(sha.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<int> ReadAtLeastAsync(SafeFileHandle handle, Memory<byte> into, long offset, int atLeast, CancellationToken ct)
    {
        var total = 0;
        while (total < atLeast)
        {
            var read = await RandomAccess.ReadAsync(handle, into[total..], offset + total, ct);
            if (read == 0)
                throw new XetDataException($"the partial file ends at byte {offset + total}, before its last recorded chunk");
            total += read;
        }

        return total;
    }
}
