using System.Buffers.Binary;

namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// Deterministic incompressible bytes. Each 8-byte block is a pure function of (seed, block index),
/// so any range of a huge file can be produced on demand without holding the file in memory.
/// </summary>
public static class FakeHubContent
{
    public static byte[] Random(int size, int seed)
    {
        var bytes = new byte[size];
        Fill(seed, 0, bytes);
        return bytes;
    }

    /// <summary>Writes the bytes at <paramref name="offset"/> of the stream for <paramref name="seed"/>.</summary>
    public static void Fill(int seed, long offset, Span<byte> destination)
    {
        Span<byte> block = stackalloc byte[8];
        var key = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;
        var index = offset / 8;
        var skip = (int)(offset % 8);
        var written = 0;
        while (written < destination.Length)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(block, Mix(key + (ulong)index));
            var take = Math.Min(8 - skip, destination.Length - written);
            block.Slice(skip, take).CopyTo(destination[written..]);
            written += take;
            skip = 0;
            index++;
        }
    }

    // SplitMix64's finaliser: cheap and good enough that gzip cannot shrink the output.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
