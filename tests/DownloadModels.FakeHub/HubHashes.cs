using System.Security.Cryptography;
using System.Text;

namespace DownloadModels.Tests.FakeHub;

/// <summary>The hashes the Hub publishes, computed the way git and git-lfs do (protocol §6).</summary>
internal static class HubHashes
{
    public static string GitBlobSha1(ReadOnlySpan<byte> content)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha.AppendData(GitBlobHeader(content.Length));
        sha.AppendData(content);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static byte[] GitBlobHeader(long length) => Encoding.ASCII.GetBytes($"blob {length}\0");

    public static string LfsPointer(string sha256, long size) =>
        $"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n";

    /// <summary>
    /// A stand-in for the Xet content hash the Hub lists as <c>xetHash</c>: 64 lowercase hex, stable per content.
    /// The real one is a Merkle hash of the content's chunks that only Xet computes; this one is derived from the
    /// sha256 yet differs from it, so a client that confuses the two names a file wrongly and is caught.
    /// </summary>
    public static string XetHash(string sha256) => Sha256Hex(Encoding.ASCII.GetBytes("fake-xet-hash:" + sha256));

    public static string Sha1Hex(string text) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
}
