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

    public string BlobPath(string etag) => Path.Combine(Folder, "blobs", etag);

    /// <summary>The partial blob: the name older huggingface_hub and huggingface.js use, so we resume theirs too.</summary>
    public string IncompletePath(string etag) => BlobPath(etag) + ".incomplete";

    public string SnapshotFolder(string commit) => Path.Combine(Folder, "snapshots", commit);

    public string SnapshotPath(string commit, string repoPath) => Path.Combine(SnapshotFolder(commit), repoPath);

    public string RefPath(string revision) => Path.Combine(Folder, "refs", revision);

    public string NoExistPath(string commit, string repoPath) => Path.Combine(Folder, ".no_exist", commit, repoPath);

    public string TreePath(string commit) => Path.Combine(Folder, "trees", commit + ".json");

    /// <summary>The cache folder this repo folder lives in.</summary>
    public string CacheRoot => Path.GetDirectoryName(Folder)!;

    /// <summary>The lock our downloads hold (shared) on a whole repo and rm/prune take (exclusive); no huggingface_hub lock has this name.</summary>
    public const string RepoLockName = "download-models.lock";

    public string RepoLockPath => Path.Combine(CacheRoot, ".locks", Path.GetFileName(Folder), RepoLockName);

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
    public string LockPath(RepoFile file) => Path.Combine(CacheRoot, ".locks", Path.GetFileName(Folder), file.Etag + ".lock");

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
        try
        {
            // Our earlier releases saved listings in a format huggingface_hub crashes on; any left in a repo we
            // touch are rewritten. Best effort: offline on a read-only cache the run must still pass, and
            // `verify` reports what is left.
            MigrateLegacyTrees();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Reported by verify; nothing else depends on it.
        }
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
        var info = new FileInfo(BlobContentPath(file.Etag));
        return info.Exists && info.LinkTarget is null && info.Length == file.Size;
    }

    /// <summary>
    /// The link target huggingface_hub writes: relative, one "../" per folder between the link and the
    /// repo folder, e.g. <c>1_Pooling/config.json → ../../../blobs/{etag}</c>.
    /// </summary>
    public static string RelativeBlobTarget(string repoPath, string etag)
    {
        var depth = repoPath.Count(c => c == '/') + 2;
        return string.Concat(Enumerable.Repeat("../", depth)) + "blobs/" + etag;
    }

    /// <summary>Makes <c>snapshots/{commit}/{path}</c> a relative link to the blob, replacing anything else there.</summary>
    public void LinkSnapshot(string commit, RepoFile file)
    {
        var linkPath = SnapshotPath(commit, file.Path);
        var target = RelativeBlobTarget(file.Path, file.Etag);
        var existing = new FileInfo(linkPath);
        if (existing.LinkTarget == target)
            return;
        if (Directory.Exists(linkPath) && existing.LinkTarget is null)
            Directory.Delete(linkPath, recursive: true);
        AtomicFile.ReplaceWithSymlink(linkPath, target);
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

    /// <summary>Reads a ref as huggingface_hub does offline; null when absent or not a commit id.</summary>
    public string? ReadRef(string revision)
    {
        if (RevisionName.IsCommitHash(revision))
            return revision;
        var path = RefPath(revision);
        if (!File.Exists(path))
            return null;
        var commit = File.ReadAllText(path).Trim();
        return RevisionName.IsCommitHash(commit) ? commit : null;
    }

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
    /// huggingface_hub (or a newer one we cannot read) is kept as it is. Our earlier releases' format and an
    /// unreadable file (hand-edited, cut short) are replaced.
    /// </summary>
    public void SaveTree(string commit, IReadOnlyList<RepoFile> files)
    {
        if (ReadTree(commit).MayBeReplaced)
            AtomicFile.WriteAllBytes(TreePath(commit), SavedTree.Serialize(files));
    }

    /// <summary>The saved listing of a commit in a format we read (huggingface_hub's, or our old one), else null.</summary>
    public IReadOnlyList<RepoFile>? LoadTree(string commit) => ReadTree(commit).Files;

    /// <summary>What <c>trees/{commit}.json</c> holds. Only a regular file of sane size is read.</summary>
    public SavedTreeContent ReadTree(string commit)
    {
        return RevisionName.IsCommitHash(commit) ? SavedTree.Read(TreePath(commit)) : SavedTreeContent.Absent;
    }

    /// <summary>
    /// Rewrites every saved tree of this repo that is still in our earlier releases' format (which
    /// huggingface_hub cannot read) in huggingface_hub's; returns how many were rewritten.
    /// </summary>
    public int MigrateLegacyTrees()
    {
        var migrated = 0;
        foreach (var (name, _) in SnapshotWalker.Entries(Path.Combine(Folder, "trees")))
        {
            if (!name.EndsWith(".json", StringComparison.Ordinal) || name.Contains('/'))
                continue;
            var commit = name[..^".json".Length];
            if (ReadTree(commit) is { Format: SavedTreeFormat.Legacy, Files: { } files })
            {
                AtomicFile.WriteAllBytes(TreePath(commit), SavedTree.Serialize(files));
                migrated++;
            }
        }

        return migrated;
    }
}
