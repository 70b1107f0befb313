using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    /// <remarks>
    /// Fully optimised from its first call, with <see cref="Mix"/> inlined: left to tiered compilation, the fake hub
    /// generated its first few hundred MB per process through unoptimised code (Mix called per 8 bytes at tier 0 and
    /// in its instrumented tier), which made its CPU per benchmark run vary 0.6-1.5 s on two cores shared with the
    /// client under test.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(int seed, long offset, Span<byte> destination)
    {
        var key = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;
        var index = (ulong)(offset / 8);
        var skip = (int)(offset % 8);
        var written = 0;
        Span<byte> block = stackalloc byte[8];
        if (skip != 0)
        {
            written = CopyPart(block, Mix(key + index++), skip, destination);
        }

        // Whole blocks go straight into the destination: the fake serves gigabytes in the benchmark, and
        // generating them must cost far less CPU than the client under test spends receiving them.
        var whole = MemoryMarshal.Cast<byte, ulong>(destination[written..]);
        for (var i = 0; i < whole.Length; i++)
        {
            var value = Mix(key + index + (ulong)i);
            whole[i] = BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
        }

        index += (ulong)whole.Length;
        written += whole.Length * 8;
        if (written < destination.Length)
        {
            CopyPart(block, Mix(key + index), 0, destination[written..]);
        }
    }

    private static int CopyPart(Span<byte> block, ulong value, int skip, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(block, value);
        var take = Math.Min(8 - skip, destination.Length);
        block.Slice(skip, take).CopyTo(destination);
        return take;
    }

    // SplitMix64's finaliser: cheap and good enough that gzip cannot shrink the output.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
