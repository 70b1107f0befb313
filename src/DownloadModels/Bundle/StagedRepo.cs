namespace DownloadModels.Bundle;

/// <summary>
/// One repo of a bundle as extraction left it: each blob verified and either staged (its path in the
/// staging folder) or already in the target cache (null), and the saved tree's bytes when it has one.
/// </summary>
internal sealed class StagedRepo(BundledRepo bundled)
{
    public BundledRepo Bundled { get; } = bundled;

    public Dictionary<string, string?> Blobs { get; } = new(StringComparer.Ordinal);

    public byte[]? Tree { get; set; }
}
