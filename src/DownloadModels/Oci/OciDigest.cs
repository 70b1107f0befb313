using System.Security.Cryptography;
using DownloadModels.Repos;

namespace DownloadModels.Oci;

/// <summary>Content digests as OCI writes them: <c>sha256:</c> and 64 lowercase hex digits (the only algorithm used here).</summary>
internal static class OciDigest
{
    public const string Prefix = "sha256:";

    public static bool IsValid(string? digest) =>
        digest is not null && digest.StartsWith(Prefix, StringComparison.Ordinal) && Hex.IsLower(digest[Prefix.Length..], 64);

    public static string Of(ReadOnlySpan<byte> content) => Prefix + Convert.ToHexStringLower(SHA256.HashData(content));

    public static string FromHex(string sha256Hex) => Prefix + sha256Hex;

    public static string Hex64(string digest) => digest[Prefix.Length..];
}
