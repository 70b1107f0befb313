using DownloadModels.Repos;

namespace DownloadModels.Cache;

/// <summary>
/// One repo's folder in the cache, laid out exactly as huggingface_hub does (see cache-layout.md):
/// content-addressed blobs, relative snapshot links, refs without a trailing newline, .no_exist markers.
/// As a download destination, a file's final path is its blob and placing it is its snapshot link.
/// </summary>
internal sealed class RepoCache(string folder, RepoId repo) : IRepoDestination
{
    public string Folder { get; } = folder;
    public RepoId Repo { get; } = repo;

    public string BlobPath(string etag) => CacheLayout.BlobPath(Folder, etag);

    /// <summary>The partial blob (<see cref="PartialKinds.Incomplete"/>).</summary>
    public string IncompletePath(string etag) => BlobPath(etag) + PartialKinds.Incomplete;

    public string SnapshotFolder(string commit) => CacheLayout.SnapshotFolder(Folder, commit);

    public string SnapshotPath(string commit, string repoPath) => Path.Combine(SnapshotFolder(commit), repoPath);

    public string RefPath(string revision) => CacheLayout.RefPath(Folder, revision);

    public string NoExistPath(string commit, string repoPath) => Path.Combine(CacheLayout.NoExistFolder(Folder, commit), repoPath);

    public string TreePath(string commit) => CacheLayout.TreePath(Folder, commit);

    /// <summary>The cache folder this repo folder lives in.</summary>
    public string CacheRoot => Path.GetDirectoryName(Folder)!;

    /// <summary>Our repo lock (<see cref="CacheLayout.RepoLockName"/>).</summary>
    public string RepoLockPath => CacheLayout.RepoLockPath(CacheRoot, Path.GetFileName(Folder));

    public async Task<IDisposable?> HoldAsync(string commit, string revision, TimeSpan pollInterval, Action onWaiting, CancellationToken ct)
    {
        // A snapshot its ref names is never detached; one fetched by commit id always is, until prune takes it.
        if (!RevisionName.IsCommitHash(revision) && ReadRef(revision) == commit)
            return null;
        try
        {
            return await BlobLock.AcquireAsync(RepoLockPath, pollInterval, onWaiting, ct, shared: true);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return null; // a cache we cannot write (offline, read-only): nothing can clean it either
        }
    }

    public string FinalPath(RepoFile file) => BlobPath(file.Etag);

    public string PartialPath(RepoFile file) => IncompletePath(file.Etag);

    /// <summary>huggingface_hub's lock for writing a blob: <c>{cache}/.locks/{repo folder}/{etag}.lock</c>.</summary>
    public string LockPath(RepoFile file) => CacheLayout.BlobLockPath(CacheRoot, Path.GetFileName(Folder), file.Etag);

    public string? Refusal(RepoFile file) => null;

    public bool HasFile(RepoFile file) => HasBlob(file);

    /// <summary>A blob linked into the shared blob store belongs to the store: its link is never replaced.</summary>
    public bool KeepsAsIs(RepoFile file) => SharedBlobStore.LinkTarget(CacheRoot, BlobPath(file.Etag)) is not null;

    public void Place(string commit, RepoFile file) => LinkSnapshot(commit, file);

    /// <summary>The .no_exist markers, then the saved tree, then the ref, which declares the snapshot complete.</summary>
    public void Complete(string commit, string revision, IReadOnlyList<RepoFile>? tree, IReadOnlyList<string> missingOptional)
    {
        foreach (var missing in missingOptional)
            MarkMissing(commit, missing);
        if (tree is not null)
            SaveTree(commit, tree);
        WriteRef(revision, commit);
    }

    public IReadOnlyList<RepoFile>? InferTree(string commit) =>
        Directory.Exists(SnapshotFolder(commit)) ? InferredTree.FromSnapshot(this, commit) : null;

    /// <summary>
    /// Where a blob's bytes are: <c>blobs/{etag}</c> itself, or, when that is a link into the cache's shared
    /// blob store, the store's file (which may be missing). Other links are returned as they are, so a check
    /// of the path reports them as links and nothing reads through them.
    /// </summary>
    public string BlobContentPath(string etag) => SharedBlobStore.LinkTarget(CacheRoot, BlobPath(etag)) ?? BlobPath(etag);

    /// <summary>True when the blob is there with the size the tree listing gives (the cheap "already cached" test).</summary>
    public bool HasBlob(RepoFile file)
    {
        // One lstat for a plain blob (or none there): only a link (the shared blob store) is followed further.
        var blob = BlobPath(file.Etag);
        var entry = DiskEntry.Probe(blob);
        if (entry.Kind != EntryKind.Link)
            return entry.Kind == EntryKind.File && entry.Length == file.Size;
        var info = new FileInfo(SharedBlobStore.LinkTarget(CacheRoot, blob) ?? blob);
        return info.Exists && info.LinkTarget is null && info.Length == file.Size;
    }

    /// <summary>
    /// The link target huggingface_hub writes: relative, one "../" per folder between the link and the
    /// repo folder, e.g. <c>1_Pooling/config.json → ../../../blobs/{etag}</c>.
    /// </summary>
    public static string RelativeBlobTarget(string repoPath, string etag)
    {
        var depth = repoPath.Count(c => c == '/') + 2;
        return string.Concat(Enumerable.Repeat("../", depth)) + CacheLayout.Blobs + "/" + etag;
    }

    /// <summary>Makes <c>snapshots/{commit}/{path}</c> a relative link to the blob, replacing anything else there.</summary>
    public void LinkSnapshot(string commit, RepoFile file)
    {
        var linkPath = SnapshotPath(commit, file.Path);
        var target = RelativeBlobTarget(file.Path, file.Etag);
        var current = new FileInfo(linkPath).LinkTarget;
        if (current == target)
            return;
        // Nothing there (the usual case): symlink(2) makes the link at once, atomically; anything in the way, or a
        // folder still missing, takes the general path below.
        if (current is null && TryCreateLink(linkPath, target))
            return;
        if (current is null && Directory.Exists(linkPath))
            Directory.Delete(linkPath, recursive: true);
        AtomicFile.ReplaceWithSymlink(linkPath, target);
    }

    private static bool TryCreateLink(string linkPath, string target)
    {
        try
        {
            File.CreateSymbolicLink(linkPath, target);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Writes <c>refs/{revision}</c> = commit, no newline, atomically. A commit id needs no ref.</summary>
    public void WriteRef(string revision, string commit)
    {
        if (revision == commit)
            return;
        var path = RefPath(revision);
        if (File.Exists(path) && File.ReadAllText(path) == commit)
            return;
        AtomicFile.WriteAllText(path, commit);
    }

    /// <summary>The commit a ref names, by the one ref rule (<see cref="RefFile"/>); null when it names none.</summary>
    public string? ReadRef(string revision) =>
        RevisionName.IsCommitHash(revision) ? revision : RefFile.Read(RefPath(revision), revision).Commit;

    /// <summary>Records that a file a library may ask for does not exist at this commit (an empty marker).</summary>
    public void MarkMissing(string commit, string repoPath)
    {
        var path = NoExistPath(commit, repoPath);
        if (File.Exists(path))
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
    }

    /// <summary>
    /// Saves the commit's whole listing, once: a commit's tree never changes, and a valid file written by
    /// huggingface_hub (or a newer one we cannot read) is kept as it is; an unreadable file (hand-edited, cut
    /// short) is replaced.
    /// </summary>
    public void SaveTree(string commit, IReadOnlyList<RepoFile> files)
    {
        if (ReadTree(commit).MayBeReplaced)
            AtomicFile.WriteAllBytes(TreePath(commit), SavedTree.Serialize(files));
    }

    /// <summary>The saved listing of a commit in huggingface_hub's format, else null.</summary>
    public IReadOnlyList<RepoFile>? LoadTree(string commit) => ReadTree(commit).Files;

    /// <summary>What <c>trees/{commit}.json</c> holds. Only a regular file of sane size is read.</summary>
    public SavedTreeContent ReadTree(string commit)
    {
        return RevisionName.IsCommitHash(commit) ? SavedTree.Read(TreePath(commit)) : SavedTreeContent.Absent;
    }
}
