using DownloadModels.Repos;

namespace DownloadModels.Cache;

/// <summary>
/// The cache-wide store newer huggingface_hub (after 1.29) keeps Xet-backed files in: each content once, as
/// <c>{cache}/blobs/{xet_hash[:2]}/{xet_hash}</c>, with each repo's <c>blobs/{etag}</c> a relative symlink
/// to it. We only read it: a repo blob linked into the store is present (sizes and hashes through the
/// link), is never downloaded again, and its link is never replaced nor followed for deleting.
/// </summary>
internal static class SharedBlobStore
{
    /// <summary>The store's folder under the cache root (the same name as a repo's blob folder).</summary>
    public const string FolderName = "blobs";

    /// <summary>Without this marker file a <c>{cache}/blobs/</c> folder is not a store.</summary>
    public const string MarkerName = ".huggingface-shared-blobs";

    public static bool IsPresent(string cacheRoot) =>
        DiskEntry.Probe(Path.Combine(cacheRoot, FolderName, MarkerName)).Kind == EntryKind.File;

    /// <summary>
    /// The store file that <paramref name="repoBlobPath"/> links to (whether or not it exists), or null when
    /// that path is not a link of exactly the store's shape: one hop to <c>{cache}/blobs/{xx}/{64 hex}</c>,
    /// with <c>xx</c> the hash's first two digits, in a cache that has the store's marker.
    /// </summary>
    public static string? LinkTarget(string cacheRoot, string repoBlobPath)
    {
        var entry = DiskEntry.Probe(repoBlobPath);
        if (entry.Kind != EntryKind.Link || string.IsNullOrEmpty(entry.LinkTarget))
            return null;
        var resolved = Path.GetFullPath(entry.LinkTarget, Path.GetDirectoryName(repoBlobPath)!);
        var hash = Path.GetFileName(resolved);
        if (!Hex.IsLower(hash, 64) || resolved != ContentPath(cacheRoot, hash) || !IsPresent(cacheRoot))
            return null;
        return resolved;
    }

    /// <summary>The store's content files (<c>blobs/{xx}/{64 hex}</c>) under its folder; not the marker, .refs nor .lock files.</summary>
    public static IEnumerable<DiskEntry> ContentFiles(string storeFolder)
    {
        foreach (var (name, full) in SnapshotWalker.Entries(storeFolder))
        {
            var parts = name.Split('/');
            var entry = DiskEntry.Probe(full);
            if (parts.Length == 2 && parts[1].Length == 64 && parts[1].StartsWith(parts[0], StringComparison.Ordinal) && entry.Kind == EntryKind.File)
                yield return entry;
        }
    }

    public static string ContentPath(string cacheRoot, string xetHash) =>
        Path.Combine(Path.GetFullPath(cacheRoot), FolderName, xetHash[..2], xetHash);
}
