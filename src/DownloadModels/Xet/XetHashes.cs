using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace DownloadModels.Xet;

/// <summary>
/// The hashes of the Xet protocol (docs/xet.md): a chunk's hash is BLAKE3 keyed with <see cref="DataKey"/> over its
/// decompressed bytes, a merkle node's is BLAKE3 keyed with <see cref="InternalNodeKey"/> over its children's
/// "{hash} : {length}\n" lines, and a file's is BLAKE3 keyed with 32 zero bytes over the merkle root of all its chunks.
/// A hash's string form reads each 8-byte group as a little-endian u64 printed as 16 hex digits.
/// </summary>
internal static class XetHashes
{
    public const int Size = 32;

    private static readonly byte[] DataKey =
        [102, 151, 245, 119, 91, 149, 80, 222, 49, 53, 203, 172, 165, 151, 24, 28, 157, 228, 33, 16, 155, 235, 43, 88, 180, 208, 176, 75, 147, 173, 242, 41];

    private static readonly byte[] InternalNodeKey =
        [1, 126, 197, 199, 165, 71, 41, 150, 253, 148, 102, 102, 180, 138, 2, 230, 93, 221, 83, 111, 55, 199, 109, 210, 248, 99, 82, 230, 74, 83, 113, 63];

    private static readonly byte[] ZeroKey = new byte[Size];

    /// <summary>A merkle group holds 3 to 9 nodes, ending at the first "cut" hash from its third node on.</summary>
    private const int MinGroup = 3;
    private const int MaxGroup = 9;

    /// <summary>The string form of a hash: four little-endian u64s, each as 16 lowercase hex digits.</summary>
    public static string ToText(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != Size)
            throw new ArgumentException("a Xet hash is 32 bytes", nameof(hash));
        var text = new StringBuilder(2 * Size);
        for (var group = 0; group < Size; group += 8)
            text.Append(BinaryPrimitives.ReadUInt64LittleEndian(hash[group..]).ToString("x16", CultureInfo.InvariantCulture));
        return text.ToString();
    }

    /// <summary>The 32 bytes of a hash's string form, or null when it is not 64 hex digits.</summary>
    public static byte[]? TryParse(string text)
    {
        if (text.Length != 2 * Size)
            return null;
        var hash = new byte[Size];
        for (var group = 0; group < 4; group++)
        {
            if (!ulong.TryParse(text.AsSpan(16 * group, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
                return null;
            BinaryPrimitives.WriteUInt64LittleEndian(hash.AsSpan(8 * group), value);
        }

        return hash;
    }

    /// <summary>The hash of one chunk's decompressed bytes.</summary>
    public static void ChunkHash(ReadOnlySpan<byte> data, Span<byte> hash) => Keyed(DataKey, data, hash);

    /// <summary>
    /// The merkle root over (hash, length) leaves in order, as xet-core's aggregated hash computes it: levels of
    /// content-defined groups until one node is left. No leaves give 32 zero bytes; one leaf is its own root.
    /// </summary>
    public static byte[] MerkleRoot(IReadOnlyList<ChunkDigest> leaves)
    {
        if (leaves.Count == 0)
            return new byte[Size];
        var level = leaves;
        while (level.Count > 1)
        {
            var next = new List<ChunkDigest>((level.Count / MinGroup) + 1);
            for (var start = 0; start < level.Count;)
            {
                var take = GroupLength(level, start);
                next.Add(Node(level, start, take));
                start += take;
            }

            level = next;
        }

        return level[0].Hash;
    }

    /// <summary>The file hash (the <c>xetHash</c> the Hub lists) of a file made of these chunks, in order.</summary>
    public static string FileHash(IReadOnlyList<ChunkDigest> chunks)
    {
        // xet-core's hash of a file of no chunks is all zeros, not a hash of the zero root.
        if (chunks.Count == 0)
            return new string('0', 2 * Size);
        Span<byte> hash = stackalloc byte[Size];
        Keyed(ZeroKey, MerkleRoot(chunks), hash);
        return ToText(hash);
    }

    private static int GroupLength(IReadOnlyList<ChunkDigest> level, int start)
    {
        var left = level.Count - start;
        if (left <= 2)
            return left;
        var end = Math.Min(left, MaxGroup);
        for (var i = MinGroup - 1; i < end; i++)
        {
            if (IsCut(level[start + i].Hash))
                return i + 1;
        }

        return end;
    }

    /// <summary>The u64 of bytes 24-31 (little-endian) is a multiple of 4.</summary>
    private static bool IsCut(byte[] hash) => (hash[24] & 3) == 0;

    private static ChunkDigest Node(IReadOnlyList<ChunkDigest> level, int start, int count)
    {
        var text = new StringBuilder();
        long length = 0;
        for (var i = start; i < start + count; i++)
        {
            text.Append(ToText(level[i].Hash)).Append(" : ").Append(level[i].Length.ToString(CultureInfo.InvariantCulture)).Append('\n');
            length += level[i].Length;
        }

        var hash = new byte[Size];
        Keyed(InternalNodeKey, Encoding.ASCII.GetBytes(text.ToString()), hash);
        return new ChunkDigest(hash, length);
    }

    private static void Keyed(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> hash)
    {
        using var hasher = Blake3.Hasher.NewKeyed(key);
        hasher.Update(data);
        hasher.Finalize(hash);
    }
}

/// <summary>A merkle leaf or node: its 32-byte hash and the bytes it covers.</summary>
internal readonly record struct ChunkDigest(byte[] Hash, long Length);
