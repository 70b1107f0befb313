using System.Security.Cryptography;
using System.Text;
using DownloadModels.Cache;
using DownloadModels.Repos;

namespace DownloadModels.LocalDir;

/// <summary>
/// A repo's files in a local dir, named as huggingface_hub names them: the file at <c>DIR/{path}</c>; its metadata
/// at <c>.cache/huggingface/download/{path}.metadata</c>, its lock at <c>…/{path}.lock</c> and its partial file at
/// <c>…/{folder of path}/{urlsafe-base64 sha1 of "{name}.metadata"}.{etag}.incomplete</c>, so each resumes the
/// other's partial and waits for the other's lock. Placing a file writes its metadata; completing a model saves
/// the commit's listing in <c>.cache/huggingface/trees/</c>. There are no refs, links or .no_exist markers here.
/// </summary>
internal sealed class LocalRepoFolder(LocalFolder folder, RepoId repo) : IRepoDestination
{
    private const string ReservedPrefix = ".cache/huggingface/";

    public RepoId Repo { get; } = repo;

    public string Folder => folder.Root;

    /// <summary>The local dir itself: its files keep their repo paths whatever the commit.</summary>
    public string SnapshotFolder(string commit) => folder.Root;

    public string FinalPath(RepoFile file) => Path.Combine(folder.Root, file.Path);

    public string MetadataPath(RepoFile file) => Path.Combine(folder.DownloadFolder, file.Path + ".metadata");

    /// <summary>huggingface_hub's <c>metadata_path.with_suffix(".lock")</c>.</summary>
    public string LockPath(RepoFile file) => Path.Combine(folder.DownloadFolder, file.Path + ".lock");

    public string PartialPath(RepoFile file)
    {
        var metadataName = Path.GetFileName(file.Path) + ".metadata";
        var shortHash = Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(metadataName))).Replace('+', '-').Replace('/', '_');
        return Path.Combine(Path.GetDirectoryName(MetadataPath(file))!, $"{shortHash}.{file.Etag}.incomplete");
    }

    public string? Refusal(RepoFile file) =>
        file.Path.StartsWith(ReservedPrefix, StringComparison.Ordinal)
            ? $"{Repo}/{RepoPath.Shown(file.Path)}: the repo has files under {ReservedPrefix}, where a local dir keeps huggingface_hub's metadata; leave them out with --exclude '{ReservedPrefix}*'."
            : null;

    /// <summary>The file with the listed size, and metadata with its etag that is not older than the file.</summary>
    public bool HasFile(RepoFile file) =>
        Refusal(file) is null && DownloadMetadata.Read(MetadataPath(file)) is { } metadata && metadata.Etag == file.Etag && Vouches(metadata, file);

    public bool KeepsAsIs(RepoFile file) => false;

    /// <summary>Nothing cleans a local dir behind a download's back: there is nothing to hold.</summary>
    public Task<IDisposable?> HoldAsync(string commit, string revision, TimeSpan pollInterval, Action onWaiting, CancellationToken ct) =>
        Task.FromResult<IDisposable?>(null);

    /// <summary>Writes the file's metadata for the commit, unless it already says exactly that.</summary>
    public void Place(string commit, RepoFile file)
    {
        var path = MetadataPath(file);
        if (DownloadMetadata.Read(path) is { } current && current.Commit == commit && current.Etag == file.Etag && Vouches(current, file))
            return;
        var now = DownloadMetadata.UnixSeconds(DateTime.UtcNow);
        AtomicFile.WriteAllText(path, new DownloadMetadata(commit, file.Etag, now).Format());
    }

    /// <summary>The commit's listing, once; the revision and optional-file markers have no place in a local dir.</summary>
    public void Complete(string commit, string revision, IReadOnlyList<RepoFile>? tree, IReadOnlyList<string> missingOptional)
    {
        if (tree is not null && ReadTree(commit).MayBeReplaced)
            AtomicFile.WriteAllBytes(folder.TreePath(commit), SavedTree.Serialize(tree));
    }

    /// <summary>
    /// A local dir has no refs: a commit id is its own answer, and any other revision is taken to be the commit
    /// last downloaded into the folder (the newest metadata), whatever it was called then.
    /// </summary>
    public string? ReadRef(string revision)
    {
        if (RevisionName.IsCommitHash(revision))
            return revision;
        DownloadMetadata? newest = null;
        foreach (var (name, full) in SnapshotWalker.Entries(folder.DownloadFolder))
        {
            if (name.EndsWith(".metadata", StringComparison.Ordinal) && DownloadMetadata.Read(full) is { } metadata
                && RevisionName.IsCommitHash(metadata.Commit) && (newest is null || metadata.Timestamp > newest.Timestamp))
                newest = metadata;
        }

        return newest?.Commit;
    }

    public SavedTreeContent ReadTree(string commit) =>
        RevisionName.IsCommitHash(commit) ? SavedTree.Read(folder.TreePath(commit)) : SavedTreeContent.Absent;

    /// <summary>Plain files say nothing about their commit: without a saved listing there is nothing to go by.</summary>
    public IReadOnlyList<RepoFile>? InferTree(string commit) => null;

    private bool Vouches(DownloadMetadata metadata, RepoFile file)
    {
        var entry = DiskEntry.Probe(FinalPath(file));
        return entry.Kind == EntryKind.File && entry.Length == file.Size && metadata.Covers(entry.LastWriteUtc);
    }
}
