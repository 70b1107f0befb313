using System.Buffers.Binary;
using System.Text;

namespace DownloadModels.Tests.FakeHub.Xet;

/// <summary>
/// Deterministic input bytes for the Xet oracle, of the kinds that steer the JS uploader's choice of compression per
/// chunk: random (stored as is), text (LZ4) and smooth float32 weights (byte-grouping-4 + LZ4).
/// </summary>
public static class XetInputs
{
    private static readonly string[] Words =
        ["the", "model", "weights", "of", "a", "layer", "attention", "head", "token", "embedding", "is", "stored", "in",
         "tensor", "shards", "with", "config", "and", "vocabulary", "files", "for", "whisper", "kokoro", "e5"];

    public static byte[] Random(int size, int seed) => FakeHubContent.Random(size, seed);

    /// <summary>English-like words from a seeded generator, separated by spaces and newlines.</summary>
    public static byte[] Text(int size, int seed)
    {
        var builder = new StringBuilder(size + 16);
        var random = new System.Random(seed);
        while (builder.Length < size)
        {
            builder.Append(Words[random.Next(Words.Length)]).Append(random.Next(12) == 0 ? '\n' : ' ');
        }

        return Encoding.ASCII.GetBytes(builder.ToString(0, size));
    }

    /// <summary>Little-endian float32 values of a slow, seeded wave with a little noise, like trained weights.</summary>
    public static byte[] SmoothFloats(int size, int seed)
    {
        var bytes = new byte[size];
        var random = new System.Random(seed);
        var phase = random.NextDouble() * Math.PI;
        for (var i = 0; i + 4 <= size; i += 4)
        {
            var x = i / 4;
            var value = (float)((0.05 * Math.Sin(phase + (x / 777.0))) + (0.002 * Math.Sin(x / 13.0)) + (((x * 2654435761u) >> 28) * 1e-5));
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i), value);
        }

        return bytes;
    }

    /// <summary>
    /// Little-endian float32 values like trained weights: normal with a small spread (Box-Muller over a seeded
    /// generator). Only their sign/exponent bytes compress, so byte-grouping-4 + LZ4 saves about a tenth, as on real
    /// checkpoints, not the half that <see cref="SmoothFloats"/> gives.
    /// </summary>
    public static byte[] Weights(int size, int seed)
    {
        var bytes = new byte[size];
        var random = new System.Random(seed);
        for (var i = 0; i + 4 <= size; i += 4)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i), (float)(0.02 * normal));
        }

        return bytes;
    }

    /// <summary>
    /// The second revision of <paramref name="v1"/>: <paramref name="edits"/> spots of 64 bytes changed, spread over
    /// the file, then <paramref name="appended"/> new bytes at the end (fresh weights).
    /// </summary>
    public static byte[] Revise(byte[] v1, int edits, int appended, int seed)
    {
        var v2 = new byte[v1.Length + appended];
        v1.CopyTo(v2, 0);
        var noise = Random(64 * edits, seed);
        for (var e = 0; e < edits; e++)
        {
            var at = (int)((long)v1.Length * (e + 1) / (edits + 1));
            noise.AsSpan(64 * e, 64).CopyTo(v2.AsSpan(at));
        }

        SmoothFloats(appended, seed + 1).CopyTo(v2, v1.Length);
        return v2;
    }

    /// <summary>Another repo's file that shares most chunks with <paramref name="v1"/>: one stretch replaced.</summary>
    public static byte[] Sibling(byte[] v1, int seed)
    {
        var other = (byte[])v1.Clone();
        var length = Math.Min(v1.Length / 8, 512 * 1024);
        Random(length, seed).CopyTo(other, v1.Length / 2);
        return other;
    }
}
