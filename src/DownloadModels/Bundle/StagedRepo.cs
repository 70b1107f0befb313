namespace DownloadModels.Bundle;

/// <summary>
/// One repo of a bundle as extraction left it: each blob verified and either staged (its path in the
/// staging folder) or already in the target cache (null), and where its checked saved tree was staged
/// (null for none, or a dry run): trees wait on disk, not in memory, so a bundle of many cannot exhaust it.
/// </summary>
internal sealed class StagedRepo(BundledRepo bundled)
{
    public BundledRepo Bundled { get; } = bundled;

    public Dictionary<string, string?> Blobs { get; } = new(StringComparer.Ordinal);

    public string? TreeFile { get; set; }
}
