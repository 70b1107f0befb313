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

    public static async Task<(string XetHash, string Sha256)> HashAsync(string path, IReadOnlyList<(long Offset, int Length)> chunks, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var digests = new List<ChunkDigest>(chunks.Count);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadSize + ChunkHeader.MaxUncompressed);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            long position = 0;
            var filled = 0;
            var used = 0;
            foreach (var (offset, length) in chunks)
            {
                if (offset != position)
                    throw new XetDataException($"the recorded chunks leave a gap at byte {position}");
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
                var hash = new byte[XetHashes.Size];
                XetHashes.ChunkHash(data, hash);
                digests.Add(new ChunkDigest(hash, length));
                used += length;
                position += length;
            }

            return (XetHashes.FileHash(digests), Convert.ToHexStringLower(sha.GetHashAndReset()));
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
