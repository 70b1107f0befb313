using System.Text.RegularExpressions;
using DownloadModels.Cache;
using DownloadModels.Errors;
using DownloadModels.Inspection;
using DownloadModels.Repos;

namespace DownloadModels.Cleanup;

/// <summary>
/// `rm` and `prune`: removes repos, revisions, blobs no snapshot uses and stale partial downloads, so that the
/// cache left behind is one huggingface_hub scans without a warning and loads offline. Every blob and partial
/// is deleted under huggingface_hub's own lock (<c>.locks/{repo}/{etag}.lock</c>), which downloads — ours and
/// the Python libraries' — hold while they write: what a running download holds is kept. Nothing is deleted
/// through a link (a repo blob linked into the shared blob store loses its link, never the store's content),
/// and nothing outside the repo folders is touched. Refs go first, then snapshots, then blobs, so an
/// interruption never leaves a ref to a missing snapshot or a link to a missing blob.
/// </summary>
internal sealed partial class CacheCleaner(HubCache cache, bool dryRun)
{
    public IReadOnlyList<CleanupOutcome> Remove(IEnumerable<RemovalTarget> targets) => [.. targets.Select(Remove)];

    /// <summary>Every repo's detached revisions (no ref points at them), the blobs no remaining snapshot uses, and partials no download holds.</summary>
    public IReadOnlyList<CleanupOutcome> Prune()
    {
        var outcomes = new List<CleanupOutcome>();
        foreach (var folder in RepoFolders())
        {
            if (PruneWork(RepoContents.Read(folder)) is null)
                continue; // nothing to do: no lock taken, no lock file made
            var label = Label(Path.GetFileName(folder));
            outcomes.Add(UnderRepoLock(folder, () =>
            {
                // Read again under the lock: a download may have finished meanwhile.
                var contents = RepoContents.Read(folder);
                return PruneWork(contents) is { } work
                    ? Execute(contents, label, work.Detached, [], work.Unused, contents.Partials, work.WholeRepo)
                    : CleanupOutcome.Nothing(label, CleanupStatus.NotFound, "nothing left to prune");
            }) ?? CleanupOutcome.Nothing(label, CleanupStatus.Busy, "a download of it is running; left as it is"));
        }

        return outcomes;
    }

    /// <summary>What prune would remove from a repo: snapshots no ref names, blobs the others do not use; null when nothing, partials included.</summary>
    private static (string[] Detached, string[] Unused, bool WholeRepo)? PruneWork(RepoContents contents)
    {
        var referenced = contents.Refs.Values.ToHashSet(StringComparer.Ordinal);
        var detached = contents.Snapshots.Keys.Where(c => !referenced.Contains(c)).Order(StringComparer.Ordinal).ToArray();
        var remaining = contents.Snapshots.Keys.Except(detached).ToArray();
        var unused = contents.Blobs.Except(contents.UsedBy(remaining)).ToArray();
        if (detached.Length == 0 && unused.Length == 0 && contents.Partials.Count == 0)
            return null;
        return (detached, unused, remaining.Length == 0 && contents.Refs.Count == 0);
    }

    /// <summary>
    /// Runs <paramref name="work"/> holding the repo lock our downloads hold (shared) while they build a snapshot,
    /// so a snapshot whose ref is not written yet is never taken for a detached one; null when a download holds it.
    /// </summary>
    private CleanupOutcome? UnderRepoLock(string folder, Func<CleanupOutcome> work)
    {
        var path = Path.Combine(cache.Root, ".locks", Path.GetFileName(folder), RepoCache.RepoLockName);
        if (dryRun)
            return BlobLock.IsHeld(path) ? null : work();
        using var held = BlobLock.TryAcquire(path);
        return held is null ? null : work();
    }

    private CleanupOutcome Remove(RemovalTarget target)
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

        return UnderRepoLock(folder, () => Remove(target, label, RepoContents.Read(folder)))
            ?? CleanupOutcome.Nothing(label, CleanupStatus.InUse, "a download of it is running: nothing removed; run again when it ends");
    }

    private CleanupOutcome Remove(RemovalTarget target, string label, RepoContents contents)
    {
        // huggingface_hub's downloads do not take our repo lock, but hold each blob's while they write it.
        if (HeldLock(contents) is { } held)
            return CleanupOutcome.Nothing(label, CleanupStatus.InUse, $"a running download holds {held}: nothing removed; run again when it ends");
        if (target.Revision is not { } revision)
            return Execute(contents, label, contents.Snapshots.Keys, contents.Refs.Keys, contents.Blobs, contents.Partials, wholeRepo: true);

        var commit = RevisionName.IsCommitHash(revision) ? revision : contents.Refs.GetValueOrDefault(revision);
        var refs = contents.Refs.Where(r => r.Value == commit || r.Key == revision).Select(r => r.Key).ToArray();
        if (commit is null || (!contents.Snapshots.ContainsKey(commit) && refs.Length == 0))
            return CleanupOutcome.Nothing(label, CleanupStatus.NotFound, $"no revision '{revision}' in the cache");

        var remaining = contents.Snapshots.Keys.Where(c => c != commit).ToArray();
        if (remaining.Length == 0 && contents.Refs.Keys.All(refs.Contains))
        {
            // As huggingface_hub does: removing the last revision removes the repo.
            return Execute(contents, label, contents.Snapshots.Keys, contents.Refs.Keys, contents.Blobs, contents.Partials, wholeRepo: true);
        }

        var blobs = contents.UsedBy([commit]).Except(contents.UsedBy(remaining)).Where(contents.Blobs.Contains).ToArray();
        return Execute(contents, $"{label} ({RevisionName.ShortCommit(commit)})", contents.Snapshots.ContainsKey(commit) ? [commit] : [], refs, blobs, [], wholeRepo: false);
    }

    private CleanupOutcome Execute(RepoContents contents, string label, IEnumerable<string> commits, IEnumerable<string> refs,
        IEnumerable<string> blobs, IEnumerable<string> partials, bool wholeRepo)
    {
        var tally = new Tally(contents.Folder, dryRun);
        foreach (var name in refs.ToArray())
        {
            if (tally.Delete(Path.Combine(contents.Folder, "refs", name)))
                tally.Refs++;
        }

        var snapshots = new List<string>();
        foreach (var commit in commits.Order(StringComparer.Ordinal).ToArray())
        {
            if (tally.Delete(Path.Combine(contents.Folder, "snapshots", commit)))
                snapshots.Add(commit);
            tally.Delete(Path.Combine(contents.Folder, "trees", commit + ".json"));
            tally.Delete(Path.Combine(contents.Folder, ".no_exist", commit));
        }

        foreach (var blob in blobs.ToArray())
        {
            var path = Path.Combine(contents.BlobsFolder, blob);
            var isLink = DiskEntry.Probe(path).Kind == EntryKind.Link;
            if (UnderLock(contents, blob, tally, () => tally.Delete(path)))
            {
                if (isLink)
                    tally.StoreLinks++;
                else
                    tally.Blobs++;
            }
        }

        foreach (var etag in partials.ToArray())
        {
            var partial = Path.Combine(contents.BlobsFolder, etag + RepoContents.Partial);
            var chunks = Path.Combine(contents.BlobsFolder, etag + RepoContents.Chunks);
            var chunksTemp = Path.Combine(contents.BlobsFolder, etag + RepoContents.ChunksTemp);
            var xetChunks = Path.Combine(contents.BlobsFolder, etag + RepoContents.XetChunks);
            if (UnderLock(contents, etag, tally, () => tally.Delete(partial) & tally.Delete(chunks) & tally.Delete(chunksTemp) & tally.Delete(xetChunks)))
                tally.Partials++;
        }

        if (wholeRepo && tally.Kept.Count == 0 && tally.Errors.Count == 0)
            tally.DeleteFolder();
        return new CleanupOutcome(label, CleanupStatus.Removed, null, wholeRepo && tally.Kept.Count == 0 && tally.Errors.Count == 0, snapshots,
            tally.Refs, tally.Blobs, tally.StoreLinks, tally.Partials, tally.Bytes, tally.Kept, tally.Errors);
    }

    /// <summary>Runs <paramref name="delete"/> holding the blob's lock; a lock a running download holds keeps the blob.</summary>
    private bool UnderLock(RepoContents contents, string etag, Tally tally, Func<bool> delete)
    {
        var lockPath = LockPath(contents, etag);
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
    private string? HeldLock(RepoContents contents) =>
        contents.Blobs.Concat(contents.Partials).Select(name => LockPath(contents, name)).FirstOrDefault(BlobLock.IsHeld) is { } path
            ? Path.GetRelativePath(cache.Root, path)
            : null;

    private string LockPath(RepoContents contents, string etag) => Path.Combine(cache.Root, ".locks", Path.GetFileName(contents.Folder), etag + ".lock");

    /// <summary>The cache's repo folders (models--, datasets--, spaces--), real folders only; the shared blob store and .locks are not repos.</summary>
    private IEnumerable<string> RepoFolders()
    {
        if (DiskEntry.Probe(cache.Root).Kind != EntryKind.Folder)
            return [];
        return new DirectoryInfo(cache.Root).EnumerateDirectories("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true })
            .Where(d => !d.Attributes.HasFlag(FileAttributes.ReparsePoint) && RepoFolder().IsMatch(d.Name))
            .Select(d => d.FullName).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary><c>models--org--name</c> as <c>org/name</c>, <c>datasets--org--name</c> as <c>datasets/org/name</c>.</summary>
    private static string Label(string folderName)
    {
        var match = RepoFolder().Match(folderName);
        var id = match.Groups["id"].Value.Replace("--", "/", StringComparison.Ordinal);
        return RepoId.Printable(match.Groups["type"].Value == "model" ? id : $"{match.Groups["type"].Value}s/{id}");
    }

    [GeneratedRegex("^(?<type>model|dataset|space)s--(?<id>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex RepoFolder();

    /// <summary>What one execution removed so far; every delete goes through it, checked to stay inside the repo folder.</summary>
    private sealed class Tally(string folder, bool dryRun)
    {
        public int Refs { get; set; }
        public int Blobs { get; set; }
        public int StoreLinks { get; set; }
        public int Partials { get; set; }
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
