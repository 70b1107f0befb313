using DownloadModels.Cache;
using DownloadModels.Errors;
using DownloadModels.Repos;
using DownloadModels.Transfer;

namespace DownloadModels.Bundle;

/// <summary>
/// Merges one verified repo into the target cache. First, reading only, it looks for anything present
/// with other content (a blob, a snapshot path): then the repo is not merged at all. Else it moves the
/// staged blobs in (same filesystem: renames, under huggingface_hub's blob lock), makes the links, the
/// markers and the saved tree, and writes the ref last, atomically, as the downloader does. A failure
/// halfway removes what this merge created.
/// </summary>
internal sealed class CacheMerger(HubCache cache)
{
    public async Task<RepoMergeResult> MergeAsync(StagedRepo staged, bool dryRun, Action<string> onWaiting, CancellationToken ct)
    {
        var repo = staged.Bundled;
        var repoCache = cache.Repo(repo.Repo);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var blob in repo.Blobs)
        {
            var state = await ExistingBlob.CheckAsync(repoCache, blob, ct);
            if (state == ExistingBlob.State.Different)
                return RepoMergeResult.Failed(repo, $"blobs/{blob.Etag} is already in the cache with other content ({blob.Path}): it is damaged; delete it and run unpack again");
            if (state == ExistingBlob.State.Same)
                present.Add(blob.Etag);
            else if (!dryRun && staged.Blobs[blob.Etag] is null)
                return RepoMergeResult.Failed(repo, $"blobs/{blob.Etag} disappeared from the cache while unpacking; run unpack again");
        }

        if (repo.Files.FirstOrDefault(f => LinkState(repoCache, repo, f) == false) is { } occupied)
            return RepoMergeResult.Failed(repo, $"snapshots/{repo.Commit}/{occupied.Path} exists and is not the link to its blob; move it away and run unpack again");

        var added = repo.Blobs.Where(b => !present.Contains(b.Etag)).ToArray();
        var refChange = DescribeRef(repoCache, repo, dryRun);
        var result = new RepoMergeResult(repo, added.Length, added.Sum(b => b.Size), present.Count, repo.BlobBytes - added.Sum(b => b.Size),
            repo.Files.Count(f => LinkState(repoCache, repo, f) is null), refChange, null) { PresentBlobs = present, PreviousCommit = PreviousRef(repoCache, repo) };
        if (dryRun)
            return result;

        var journal = new MergeJournal();
        try
        {
            foreach (var blob in added)
                await MoveInAsync(repoCache, repo, blob, staged.Blobs[blob.Etag]!, journal, onWaiting, ct);
            // Each "create" tolerates losing a race to another unpack or download making the same thing.
            foreach (var file in repo.Files.Where(f => LinkState(repoCache, repo, f) is null))
                Create(journal, repoCache.SnapshotPath(repo.Commit, file.Path), p => File.CreateSymbolicLink(p, RepoCache.RelativeBlobTarget(file.Path, file.Etag)), () => LinkState(repoCache, repo, file) == true);
            foreach (var marker in repo.NoExist.Where(m => !File.Exists(repoCache.NoExistPath(repo.Commit, m))))
                Create(journal, repoCache.NoExistPath(repo.Commit, marker), p => new FileStream(p, FileMode.CreateNew).Dispose(), () => File.Exists(repoCache.NoExistPath(repo.Commit, marker)));
            if (staged.TreeFile is { } treeFile)
                MergeTree(journal, repoCache, repo.Commit, treeFile);
            if (repo.HasRef)
            {
                journal.EnsureFolder(Path.GetDirectoryName(repoCache.RefPath(repo.Revision))!);
                repoCache.WriteRef(repo.Revision, repo.Commit);
            }

            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BundleException)
        {
            journal.Rollback();
            return RepoMergeResult.Failed(repo, $"{(e is BundleException ? e.Message.TrimEnd('.') : $"could not write to the cache ({SystemErrors.Describe(e)})")}; nothing of it was kept");
        }
        catch (OperationCanceledException)
        {
            journal.Rollback();
            throw;
        }
    }

    /// <summary>Null: nothing there yet; true: already the right link; false: something else is there.</summary>
    private static bool? LinkState(RepoCache repoCache, BundledRepo repo, RepoFile file)
    {
        var path = repoCache.SnapshotPath(repo.Commit, file.Path);
        // Existence first, the link after: another unpack may make the link between the two looks, and a link
        // seen to exist must then be read as a link, not taken for a file in the way.
        var info = new FileInfo(path);
        var exists = info.Exists || Directory.Exists(path);
        if (info.LinkTarget is { } target)
            return target == RepoCache.RelativeBlobTarget(file.Path, file.Etag);
        return exists ? false : null;
    }

    /// <summary>The commit the bundle's ref points at in the cache now; null when the bundle names no ref or the cache has none.</summary>
    private static string? PreviousRef(RepoCache repoCache, BundledRepo repo) =>
        repo.HasRef && File.Exists(repoCache.RefPath(repo.Revision)) ? File.ReadAllText(repoCache.RefPath(repo.Revision)).Trim() : null;

    private static string DescribeRef(RepoCache repoCache, BundledRepo repo, bool dryRun)
    {
        if (!repo.HasRef)
            return "";
        var old = PreviousRef(repoCache, repo);
        var verb = dryRun ? "would point" : "points";
        return old == repo.Commit ? $"refs/{repo.Revision} unchanged"
            : old is null ? $"refs/{repo.Revision} {verb} to {repo.ShortCommit}"
            : $"refs/{repo.Revision} {verb} to {repo.ShortCommit} (was {RevisionName.ShortCommit(old)})";
    }

    private async Task MoveInAsync(RepoCache repoCache, BundledRepo repo, RepoFile blob, string stagedPath, MergeJournal journal, Action<string> onWaiting, CancellationToken ct)
    {
        var target = repoCache.BlobPath(blob.Etag);
        journal.EnsureFolder(Path.GetDirectoryName(target)!);
        journal.EnsureFolder(Path.GetDirectoryName(cache.LockPath(repo.Repo, blob.Etag))!);
        using var held = await BlobLock.AcquireAsync(cache.LockPath(repo.Repo, blob.Etag), TransferSettings.LockPollInterval,
            () => onWaiting($"[{repo.Repo}] waiting for another process writing blobs/{blob.Etag}"), ct);
        var state = await ExistingBlob.CheckAsync(repoCache, blob, ct);
        if (state == ExistingBlob.State.Different)
            throw new BundleException($"blobs/{blob.Etag} appeared in the cache meanwhile with other content");
        if (state == ExistingBlob.State.Absent)
        {
            File.Move(stagedPath, target, overwrite: false);
            journal.Created(target);
        }
    }

    /// <summary>
    /// A saved tree the cache lacks is created (and undone on rollback); one in our earlier releases' format,
    /// or unreadable, is replaced outright: the bundle's is checked and at least as good, so there is
    /// nothing to undo. huggingface_hub's own file is kept.
    /// </summary>
    private static void MergeTree(MergeJournal journal, RepoCache repoCache, string commit, string stagedTree)
    {
        var path = repoCache.TreePath(commit);
        var existing = repoCache.ReadTree(commit);
        if (existing.Format == SavedTreeFormat.Absent)
            Create(journal, path, p => CopyAtomically(stagedTree, p, overwrite: false), () => File.Exists(path));
        else if (existing.MayBeReplaced)
            CopyAtomically(stagedTree, path, overwrite: true);
    }

    private static void Create(MergeJournal journal, string path, Action<string> create, Func<bool> madeMeanwhile)
    {
        journal.EnsureFolder(Path.GetDirectoryName(path)!);
        try
        {
            create(path);
        }
        catch (IOException) when (madeMeanwhile())
        {
            return;
        }

        journal.Created(path);
    }

    /// <summary>A copy of the staged file under a temporary name, renamed into place: memory does not hold the tree.</summary>
    private static void CopyAtomically(string source, string path, bool overwrite)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".tmp-{Guid.NewGuid():N}");
        try
        {
            File.Copy(source, temp);
            File.Move(temp, path, overwrite);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
