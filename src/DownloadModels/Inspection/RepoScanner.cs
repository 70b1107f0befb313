using DownloadModels.Cache;
using DownloadModels.Units;
using DownloadModels.Xet;

namespace DownloadModels.Inspection;

/// <summary>
/// Reads one repo folder of the cache (no network, no hashing): refs, snapshots, sizes counting each
/// blob once, partial downloads, and what huggingface_hub's own scan would trip over.
/// </summary>
internal static class RepoScanner
{
    /// <summary>The repo folder's listing; with <paramref name="withFiles"/> every snapshot lists its files too.</summary>
    public static RepoScan Scan(string folder, string repoType, string repoId, bool withFiles = false)
    {
        var issues = new List<CacheIssue>();
        var repo = RepoFolder.Read(folder);
        foreach (var reference in repo.RefFiles)
        {
            if (reference.Problem is { } problem)
                issues.Add(new CacheIssue("bad-ref", $"refs/{reference.Name}", problem));
        }

        var refs = repo.Refs;
        var snapshots = repo.Snapshots.Select(s => SnapshotScan.Run(repo, s)).ToArray();
        foreach (var (name, commit) in refs.Where(r => snapshots.All(s => s.Commit != r.Value)))
            issues.Add(new CacheIssue("ref-to-missing-snapshot", $"refs/{name}", $"points at {commit}, which has no snapshot folder"));

        var used = new Dictionary<string, (long Size, DateTime Modified)>(StringComparer.Ordinal);
        foreach (var snapshot in snapshots)
        {
            issues.AddRange(snapshot.Issues);
            foreach (var (path, info) in snapshot.Used)
                used[path] = info;
        }

        var (partials, lastBlob) = ReadBlobs(repo, used, issues);
        issues.AddRange(SavedTreeIssues(repo));
        var listed = snapshots
            .Select(s => new SnapshotListing(s.Commit, [.. refs.Where(r => r.Value == s.Commit).Select(r => r.Key)], s.Files, s.SizeOnDisk, ScanTime.Iso(s.LastModified))
            {
                Path = CacheLayout.SnapshotFolder(folder, s.Commit),
                FileList = withFiles ? [.. s.Entries.OrderBy(e => e.Path, StringComparer.Ordinal)] : null,
            })
            .OrderByDescending(s => s.LastModified, StringComparer.Ordinal).ThenBy(s => s.Commit, StringComparer.Ordinal)
            .ToArray();
        var lastModified = ScanTime.Newest(lastBlob, used.Count == 0 ? null : used.Values.Max(u => u.Modified));
        var lastAccessed = used.Keys.Select(LastAccess).Aggregate((DateTime?)null, ScanTime.Newest);
        var listing = new RepoListing(repoId, repoType, Path.GetFileName(folder), used.Values.Sum(u => u.Size), ScanTime.Iso(lastModified),
            refs, listed, partials, issues)
        {
            LastAccessed = ScanTime.Iso(lastAccessed),
            LastModifiedUtc = lastModified,
            LastAccessedUtc = lastAccessed,
        };
        return new RepoScan(listing, used.ToDictionary(u => u.Key, u => u.Value.Size, StringComparer.Ordinal), SharedChunks.UsableMaps(repo));
    }

    /// <summary>
    /// The repo's listing, every file its snapshots use (blobs, store files, copies) with its size, and the chunk maps
    /// that fit its blobs (for the shared bytes, which only the whole cache can count).
    /// </summary>
    public sealed record RepoScan(RepoListing Listing, IReadOnlyDictionary<string, long> Used, IReadOnlyList<(string Holder, ChunkMapFile Map)> Maps);

    /// <summary>Saved trees huggingface_hub cannot use (unreadable ones).</summary>
    private static IEnumerable<CacheIssue> SavedTreeIssues(RepoFolder repo)
    {
        foreach (var (name, full) in repo.TreeFiles())
        {
            var entry = DiskEntry.Probe(full);
            if (entry.Kind != EntryKind.File)
                continue;
            var format = entry.Length > SavedTree.MaxBytes ? SavedTreeFormat.Unreadable : ReadFormat(full);
            if (format == SavedTreeFormat.Unreadable)
                yield return new CacheIssue("unreadable", $"trees/{name}", "not a tree listing huggingface_hub can read; the next run on this repo rewrites it");
        }
    }

    private static SavedTreeFormat ReadFormat(string path)
    {
        try
        {
            return SavedTree.Parse(File.ReadAllBytes(path)).Format;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return SavedTreeFormat.Unreadable;
        }
    }

    /// <summary>Partial downloads, blobs no snapshot uses, and the newest blob's time.</summary>
    private static (PartialFile[] Partials, DateTime? Newest) ReadBlobs(RepoFolder repo, Dictionary<string, (long Size, DateTime Modified)> used, List<CacheIssue> issues)
    {
        var partials = repo.Partials
            .Where(p => p.Data is { Entry.Kind: EntryKind.File })
            .Select(p => new PartialFile(p.Etag, p.Data!.Entry.Length, ScanTime.Iso(p.Data.Entry.LastWriteUtc)))
            .ToArray();
        DateTime? newest = null;
        long unusedCount = 0, unusedBytes = 0;
        foreach (var blob in repo.Blobs.Where(b => b.Entry.Kind == EntryKind.File))
        {
            newest = ScanTime.Newest(newest, blob.Entry.LastWriteUtc);
            if (!used.ContainsKey(blob.FullPath))
            {
                unusedCount++;
                unusedBytes += blob.Entry.Length;
            }
        }

        if (unusedCount > 0)
            issues.Add(new CacheIssue("unreferenced-blobs", "blobs", $"{unusedCount} {(unusedCount == 1 ? "blob" : "blobs")} ({ByteSize.Format(unusedBytes)}) no snapshot links to"));
        return (partials, newest);
    }

    /// <summary>When a used file was last read (through its link, as huggingface_hub stats it); null when it cannot be told.</summary>
    private static DateTime? LastAccess(string path)
    {
        try
        {
            return File.Exists(path) ? File.GetLastAccessTimeUtc(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
