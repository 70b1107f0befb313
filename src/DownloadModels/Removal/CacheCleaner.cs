using DownloadModels.Cache;
using DownloadModels.Errors;
using DownloadModels.Repos;
using DownloadModels.Xet;

namespace DownloadModels.Removal;

/// <summary>
/// `rm` and `prune`: removes repos, revisions, blobs no snapshot uses and stale partial downloads, so that the
/// cache left behind is one huggingface_hub scans without a warning and loads offline. Every blob and partial
/// is deleted under huggingface_hub's own lock (<c>.locks/{repo}/{etag}.lock</c>), which downloads — ours and
/// the Python libraries' — hold while they write: what a running download holds is kept. Nothing is deleted
/// through a link (a repo blob linked into the shared blob store loses its link, never the store's content),
/// and nothing outside the repo folders is touched. Refs go first, then snapshots, then blobs, so an
/// interruption never leaves a ref to a missing snapshot or a link to a missing blob. A blob's chunk map
/// (<c>xet-chunks/{etag}</c>) goes with the blob; prune also removes the maps no blob backs (<see cref="StaleMaps"/>).
/// </summary>
internal sealed class CacheCleaner(HubCache cache, bool dryRun)
{
    public IReadOnlyList<CleanupOutcome> Remove(IEnumerable<RemovalTarget> targets) => [.. targets.Select(Remove)];

    /// <summary>
    /// Every repo's detached revisions (no ref points at them), the blobs no remaining snapshot uses, partials no
    /// download holds, and stale chunk maps.
    /// </summary>
    public IReadOnlyList<CleanupOutcome> Prune()
    {
        var outcomes = new List<CleanupOutcome>();
        foreach (var folder in RepoFolders())
        {
            if (PruneWork(RepoFolder.Read(folder)) is null)
                continue; // nothing to do: no lock taken, no lock file made
            var label = Label(Path.GetFileName(folder));
            _ = CacheLayout.TryParseRepoFolderName(Path.GetFileName(folder), out var type, out var id);
            var outcome = UnderRepoLock(folder, () =>
            {
                // Read again under the lock: a download may have finished meanwhile.
                var contents = RepoFolder.Read(folder);
                return PruneWork(contents) is { } work
                    ? Execute(contents, label, work.Detached, [], work.Unused, contents.Partials, work.WholeRepo, work.StaleMaps)
                    : CleanupOutcome.Nothing(label, CleanupStatus.NotFound, "nothing left to prune");
            }) ?? CleanupOutcome.Nothing(label, CleanupStatus.Busy, "a download of it is running; left as it is");
            outcomes.Add(outcome with { RepoType = type!, RepoId = id! });
        }

        return outcomes;
    }

    /// <summary>
    /// What prune would remove from a repo: snapshots no ref names, blobs the others do not use, stale chunk maps; null
    /// when nothing, partials included.
    /// </summary>
    private static (string[] Detached, string[] Unused, bool WholeRepo, string[] StaleMaps)? PruneWork(RepoFolder contents)
    {
        var referenced = contents.Refs.Values.ToHashSet(StringComparer.Ordinal);
        var detached = Commits(contents).Where(c => !referenced.Contains(c)).Order(StringComparer.Ordinal).ToArray();
        var remaining = Commits(contents).Except(detached).ToArray();
        var unused = BlobNames(contents).Except(contents.UsedBy(remaining)).ToArray();
        var staleMaps = StaleMaps(contents, unused);
        if (detached.Length == 0 && unused.Length == 0 && contents.Partials.Count == 0 && staleMaps.Length == 0)
            return null;
        return (detached, unused, remaining.Length == 0 && contents.Refs.Count == 0, staleMaps);
    }

    /// <summary>
    /// The chunk maps no blob backs (their full paths): what an interrupted map write left, a map whose blob is gone,
    /// one that does not read back whole, and one that names another blob or size than its blob's. Maps of the blobs
    /// in <paramref name="going"/> are left out: they go with their blob. A map is a cache of facts the Xet store can
    /// give again, so removing one never loses anything.
    /// </summary>
    private static string[] StaleMaps(RepoFolder contents, IReadOnlyCollection<string> going)
    {
        var blobs = contents.Blobs.Where(b => !b.Name.Contains('/')).ToDictionary(b => b.Name, StringComparer.Ordinal);
        var stale = new List<string>();
        foreach (var map in contents.ChunkMaps)
        {
            if (map.IsTemp)
            {
                stale.Add(map.FullPath);
                continue;
            }

            if (map.Etag is not { } etag || going.Contains(etag))
                continue;
            if (!blobs.TryGetValue(etag, out var blob) || blob.ContentLength() is not { } length
                || map.Entry.Kind != EntryKind.File || ChunkMapFile.Read(map.FullPath, out _) is not { } read || read.MismatchWith(etag, length) is not null)
                stale.Add(map.FullPath);
        }

        return [.. stale];
    }

    /// <summary>
    /// Runs <paramref name="work"/> holding the repo lock our downloads hold (shared) while they build a snapshot,
    /// so a snapshot whose ref is not written yet is never taken for a detached one; null when a download holds it.
    /// </summary>
    private CleanupOutcome? UnderRepoLock(string folder, Func<CleanupOutcome> work)
    {
        var path = CacheLayout.RepoLockPath(cache.Root, Path.GetFileName(folder));
        if (dryRun)
            return BlobLock.IsHeld(path) ? null : work();
        BlobLock? held;
        try
        {
            held = BlobLock.TryAcquire(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not a running download: the cache cannot be written at all (read-only, permissions, full).
            return CleanupOutcome.Nothing(Label(Path.GetFileName(folder)), CleanupStatus.Refused,
                $"the cache cannot be written ({SystemErrors.Describe(e)}): nothing removed");
        }

        using (held)
            return held is null ? null : work();
    }

    private CleanupOutcome Remove(RemovalTarget target) =>
        RemoveTarget(target) with { RepoType = target.Repo.Type.ToString().ToLowerInvariant(), RepoId = target.Repo.Id, Revision = target.Revision };

    private CleanupOutcome RemoveTarget(RemovalTarget target)
    {
        var label = target.ToString();
        var folder = cache.Repo(target.Repo).Folder;
        switch (DiskEntry.Probe(folder).Kind)
        {
            case EntryKind.Absent:
                return CleanupOutcome.Nothing(label, CleanupStatus.NotFound, "not in the cache");
            case not EntryKind.Folder:
                return CleanupOutcome.Nothing(label, CleanupStatus.Refused, $"{Path.GetFileName(folder)} is a link or a file, not a repo folder: not removed");
        }

        return UnderRepoLock(folder, () => Remove(target, label, RepoFolder.Read(folder)))
            ?? CleanupOutcome.Nothing(label, CleanupStatus.InUse, "a download of it is running: nothing removed; run again when it ends");
    }

    private CleanupOutcome Remove(RemovalTarget target, string label, RepoFolder contents)
    {
        // huggingface_hub's downloads do not take our repo lock, but hold each blob's while they write it.
        if (HeldLock(contents) is { } held)
            return CleanupOutcome.Nothing(label, CleanupStatus.InUse, $"a running download holds {held}: nothing removed; run again when it ends");
        if (target.Revision is not { } revision)
            return Execute(contents, label, Commits(contents), contents.Refs.Keys, BlobNames(contents), contents.Partials, wholeRepo: true);

        var commit = RevisionName.IsCommitHash(revision) ? revision : contents.Refs.GetValueOrDefault(revision);
        var refs = contents.Refs.Where(r => r.Value == commit || r.Key == revision).Select(r => r.Key).ToArray();
        if (commit is null || (!Commits(contents).Contains(commit) && refs.Length == 0))
            return CleanupOutcome.Nothing(label, CleanupStatus.NotFound, $"no revision '{revision}' in the cache");

        var remaining = Commits(contents).Where(c => c != commit).ToArray();
        if (remaining.Length == 0 && contents.Refs.Keys.All(refs.Contains))
        {
            // As huggingface_hub does: removing the last revision removes the repo.
            return Execute(contents, label, Commits(contents), contents.Refs.Keys, BlobNames(contents), contents.Partials, wholeRepo: true);
        }

        var blobs = contents.UsedBy([commit]).Except(contents.UsedBy(remaining)).Where(BlobNames(contents).Contains).ToArray();
        return Execute(contents, $"{label} ({RevisionName.ShortCommit(commit)})", Commits(contents).Contains(commit) ? [commit] : [], refs, blobs, [], wholeRepo: false);
    }

    /// <summary>The repo's snapshots, by commit.</summary>
    private static string[] Commits(RepoFolder contents) => [.. contents.Snapshots.Select(s => s.Commit)];

    /// <summary>The repo's blobs, by name; a folder inside blobs/ is nothing huggingface_hub wrote, and is left alone.</summary>
    private static SortedSet<string> BlobNames(RepoFolder contents) =>
        new(contents.Blobs.Select(b => b.Name).Where(n => !n.Contains('/')), StringComparer.Ordinal);

    private CleanupOutcome Execute(RepoFolder contents, string label, IEnumerable<string> commits, IEnumerable<string> refs,
        IEnumerable<string> blobs, IEnumerable<PartialDownload> partials, bool wholeRepo, IEnumerable<string>? staleMaps = null)
    {
        var tally = new Tally(contents.Path, dryRun);
        foreach (var name in refs.ToArray())
        {
            if (tally.Delete(CacheLayout.RefPath(contents.Path, name)))
                tally.Refs++;
        }

        var snapshots = new List<string>();
        foreach (var commit in commits.Order(StringComparer.Ordinal).ToArray())
        {
            if (tally.Delete(CacheLayout.SnapshotFolder(contents.Path, commit)))
                snapshots.Add(commit);
            tally.Delete(CacheLayout.TreePath(contents.Path, commit));
            tally.Delete(CacheLayout.NoExistFolder(contents.Path, commit));
        }

        foreach (var blob in blobs.ToArray())
        {
            var path = CacheLayout.BlobPath(contents.Path, blob);
            var isLink = DiskEntry.Probe(path).Kind == EntryKind.Link;
            // The blob's chunk map goes with it, under the same lock: a map never outlives its blob for long.
            var map = contents.ChunkMaps.Any(m => m.Etag == blob) ? contents.ChunkMapPath(blob) : null;
            if (UnderLock(contents, blob, tally, () =>
                {
                    var gone = tally.Delete(path);
                    if (gone && map is not null)
                        tally.DeleteMap(map);
                    return gone;
                }))
            {
                if (isLink)
                    tally.StoreLinks++;
                else
                    tally.Blobs++;
            }
        }

        foreach (var partial in partials.ToArray())
        {
            // Every file the partial left (its bytes and each sidecar PartialKinds knows), or none.
            if (UnderLock(contents, partial.Etag, tally, () => partial.Parts.Aggregate(true, (all, part) => tally.Delete(part.FullPath) & all)))
                tally.Partials++;
        }

        foreach (var map in staleMaps ?? [])
            tally.DeleteMap(map);

        if (wholeRepo && tally.Kept.Count == 0 && tally.Errors.Count == 0)
            tally.DeleteFolder();
        return new CleanupOutcome(label, CleanupStatus.Removed, null, wholeRepo && tally.Kept.Count == 0 && tally.Errors.Count == 0, snapshots,
            tally.Refs, tally.Blobs, tally.StoreLinks, tally.Partials, tally.Bytes, tally.Kept, tally.Errors) { ChunkMaps = tally.ChunkMaps };
    }

    /// <summary>Runs <paramref name="delete"/> holding the blob's lock; a lock a running download holds keeps the blob.</summary>
    private bool UnderLock(RepoFolder contents, string etag, Tally tally, Func<bool> delete)
    {
        var lockPath = contents.BlobLockPath(etag);
        if (dryRun)
        {
            if (!BlobLock.IsHeld(lockPath))
                return delete();
        }
        else
        {
            using var held = BlobLock.TryAcquire(lockPath);
            if (held is not null)
                return delete();
        }

        tally.Kept.Add($"blobs/{etag}: a running download holds it ({Path.GetRelativePath(cache.Root, lockPath)})");
        return false;
    }

    /// <summary>The first of the repo's blob locks a running download holds, if any.</summary>
    private string? HeldLock(RepoFolder contents) =>
        BlobNames(contents).Concat(contents.Partials.Select(p => p.Etag)).Select(contents.BlobLockPath).FirstOrDefault(BlobLock.IsHeld) is { } path
            ? Path.GetRelativePath(cache.Root, path)
            : null;

    /// <summary>The cache's repo folders (models--, datasets--, spaces--), real folders only; the shared blob store and .locks are not repos.</summary>
    private IEnumerable<string> RepoFolders()
    {
        if (DiskEntry.Probe(cache.Root).Kind != EntryKind.Folder)
            return [];
        return new DirectoryInfo(cache.Root).EnumerateDirectories("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true })
            .Where(d => !d.Attributes.HasFlag(FileAttributes.ReparsePoint) && CacheLayout.TryParseRepoFolderName(d.Name, out _, out _))
            .Select(d => d.FullName).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary><c>models--org--name</c> as <c>org/name</c>, <c>datasets--org--name</c> as <c>datasets/org/name</c>.</summary>
    private static string Label(string folderName)
    {
        _ = CacheLayout.TryParseRepoFolderName(folderName, out var type, out var id);
        return RepoId.Printable(type == "model" ? id! : $"{type}s/{id}");
    }

    /// <summary>What one execution removed so far; every delete goes through it, checked to stay inside the repo folder.</summary>
    private sealed class Tally(string folder, bool dryRun)
    {
        public int Refs { get; set; }
        public int Blobs { get; set; }
        public int StoreLinks { get; set; }
        public int Partials { get; set; }
        public int ChunkMaps { get; private set; }
        public long Bytes { get; private set; }
        public List<string> Kept { get; } = [];
        public List<string> Errors { get; } = [];

        // A dry run deletes nothing, so what it counted once must not be counted again when the whole folder goes.
        private readonly HashSet<string> _counted = new(StringComparer.Ordinal);

        /// <summary>True when <paramref name="path"/> is gone (or was never there); a failure is recorded.</summary>
        public bool Delete(string path)
        {
            if (DiskEntry.Probe(path).Kind == EntryKind.Absent)
                return true;
            if (!CachePaths.IsSafeToDelete(folder, path))
            {
                Errors.Add($"{Path.GetRelativePath(folder, path)}: behind a link, not removed");
                return false;
            }

            return Try(path);
        }

        /// <summary>Deletes a chunk map (or a map write's leftover), counting it; true when it is gone.</summary>
        public bool DeleteMap(string path)
        {
            var present = DiskEntry.Probe(path).Kind != EntryKind.Absent;
            var gone = Delete(path);
            if (present && gone)
                ChunkMaps++;
            return gone;
        }

        public void DeleteFolder() => Try(folder);

        private bool Try(string path)
        {
            try
            {
                Bytes += SafeDelete.Entry(path, dryRun, _counted);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Errors.Add($"{Path.GetRelativePath(Path.GetDirectoryName(folder)!, path)}: {SystemErrors.Describe(e)}");
                return false;
            }
        }
    }
}
