namespace DownloadModels.Repos;

/// <summary>
/// The one check for the hashes that name things on disk: commits and git blob ids (40 hex), sha256 and
/// Xet hashes (64 hex). Lowercase only, as the Hub writes them and huggingface_hub names blobs.
/// </summary>
internal static class Hex
{
    public const int Sha1Length = 40;
    public const int Sha256Length = 64;

    public static bool IsLower(string? text, int length) =>
        text is not null && text.Length == length && text.All(char.IsAsciiHexDigitLower);
}
