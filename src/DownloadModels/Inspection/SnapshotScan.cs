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

    public static SnapshotScan Run(RepoFolder repo, Snapshot snapshot)
    {
        var scan = new SnapshotScan(snapshot.Commit);
        var prefix = Path.GetRelativePath(repo.Path, snapshot.Path) + "/";
        foreach (var entry in snapshot.Entries)
        {
            scan.Files++;
            scan.Entries.Add(scan.Add(repo, prefix + entry.RelativePath, entry));
        }

        return scan;
    }

    private SnapshotFile Add(RepoFolder repo, string shown, SnapshotEntry snapshotEntry)
    {
        var (relative, full, entry) = (snapshotEntry.RelativePath, snapshotEntry.FullPath, snapshotEntry.Entry);
        if (entry.Kind == EntryKind.File)
        {
            Used[full] = (entry.Length, entry.LastWriteUtc);
            return new SnapshotFile(relative, entry.Length, null);
        }

        var target = entry.LinkTarget ?? "";
        if (snapshotEntry.BlobName is not { } blobName)
        {
            Issues.Add(new CacheIssue("foreign-link", shown, $"links to {target}, outside the repo's blobs/"));
            return new SnapshotFile(relative, null, null);
        }

        // A repo blob may itself link into the cache's shared blob store: its file is what is used.
        var resolved = SharedBlobStore.LinkTarget(repo.CacheRoot, snapshotEntry.LinkResolved!) ?? snapshotEntry.LinkResolved!;
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
