using DownloadModels.Hub;

namespace DownloadModels.Cache;

/// <summary>
/// One repo's folder in the cache, laid out exactly as huggingface_hub does (see cache-layout.md):
/// content-addressed blobs, relative snapshot links, refs without a trailing newline, .no_exist markers.
/// </summary>
internal sealed class RepoCache(string folder, RepoId repo)
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

    /// <summary>True when the blob is there with the size the tree listing gives (the cheap "already cached" test).</summary>
    public bool HasBlob(RepoFile file)
    {
        var info = new FileInfo(BlobPath(file.Etag));
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

    /// <summary>Saves the commit's listing (once: a commit's tree never changes; an unreadable one, hand-edited or cut short, is replaced).</summary>
    public void SaveTree(string commit, IReadOnlyList<RepoFile> files)
    {
        var path = TreePath(commit);
        if (!File.Exists(path) || LoadTree(commit) is null)
            AtomicFile.WriteAllText(path, SavedTree.Serialize(files));
    }

    /// <summary>The saved listing of a commit, or null when none was saved (or it is unreadable).</summary>
    public IReadOnlyList<RepoFile>? LoadTree(string commit)
    {
        var path = TreePath(commit);
        return RevisionName.IsCommitHash(commit) && File.Exists(path) ? SavedTree.Parse(File.ReadAllText(path)) : null;
    }
}
