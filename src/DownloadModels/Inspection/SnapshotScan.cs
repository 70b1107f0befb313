using DownloadModels.Cache;

namespace DownloadModels.Inspection;

/// <summary>
/// One snapshot folder, scanned without hashing: its entries, the files they resolve to inside the
/// repo folder (blobs, or the entries themselves for regular copies), and what looks wrong.
/// </summary>
internal sealed class SnapshotScan
{
    private SnapshotScan(string commit) => Commit = commit;

    public string Commit { get; }
    public int Files { get; private set; }

    /// <summary>Full path of each file used → (size, mtime); shared blobs appear once.</summary>
    public Dictionary<string, (long Size, DateTime Modified)> Used { get; } = new(StringComparer.Ordinal);

    public List<CacheIssue> Issues { get; } = [];

    /// <summary>Every entry of the snapshot, in walking order: its repo path, size and blob.</summary>
    public List<SnapshotFile> Entries { get; } = [];

    public long SizeOnDisk => Used.Values.Sum(u => u.Size);
    public DateTime? LastModified => Used.Count == 0 ? null : Used.Values.Max(u => u.Modified);

    public static SnapshotScan Run(string repoFolder, string snapshotFolder)
    {
        var scan = new SnapshotScan(Path.GetFileName(snapshotFolder));
        var prefix = Path.GetRelativePath(repoFolder, snapshotFolder) + "/";
        foreach (var (relative, full) in SnapshotWalker.Entries(snapshotFolder))
        {
            scan.Files++;
            scan.Entries.Add(scan.Add(repoFolder, prefix + relative, full, relative));
        }

        return scan;
    }

    private SnapshotFile Add(string repoFolder, string shown, string full, string relative)
    {
        var entry = DiskEntry.Probe(full);
        if (entry.Kind == EntryKind.File)
        {
            Used[full] = (entry.Length, entry.LastWriteUtc);
            return new SnapshotFile(relative, entry.Length, null);
        }

        var target = entry.LinkTarget ?? "";
        var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, target));
        if (!resolved.StartsWith(Path.Combine(repoFolder, "blobs") + "/", StringComparison.Ordinal))
        {
            Issues.Add(new CacheIssue("foreign-link", shown, $"links to {target}, outside the repo's blobs/"));
            return new SnapshotFile(relative, null, null);
        }

        var blobName = Path.GetFileName(resolved);
        // A repo blob may itself link into the cache's shared blob store: its file is what is used.
        if (SharedBlobStore.LinkTarget(Path.GetDirectoryName(repoFolder)!, resolved) is { } stored)
            resolved = stored;
        var blob = DiskEntry.Probe(resolved);
        if (blob.Kind == EntryKind.File)
        {
            Used[resolved] = (blob.Length, blob.LastWriteUtc);
            return new SnapshotFile(relative, blob.Length, blobName);
        }

        if (blob.Kind == EntryKind.Absent)
            Issues.Add(new CacheIssue("dangling-link", shown, $"links to {target}, which is missing"));
        else
            Issues.Add(new CacheIssue("bad-link", shown, $"links to {target}, which is a {blob.Kind.ToString().ToLowerInvariant()}"));
        return new SnapshotFile(relative, null, blobName);
    }
}
