using DownloadModels.Repos;

namespace DownloadModels.Cache;

/// <summary>
/// One repo's files in a download destination, as the engine and the byte mover see them: where the verified
/// bytes of a file go (<see cref="FinalPath"/>) and where they wait until then (<see cref="PartialPath"/>),
/// the lock taken while a file is written, what is already there, and what is recorded once a file is in
/// place and once the whole model is. The cache and a local dir are its two implementations.
/// </summary>
internal interface IRepoDestination
{
    RepoId Repo { get; }

    /// <summary>The repo's folder (the cache's <c>models--org--name</c>, or the local dir): removed again when a failed first download left it empty.</summary>
    string Folder { get; }

    /// <summary>Where a reader finds the files of <paramref name="commit"/> by their repo paths (the snapshot, or the local dir itself).</summary>
    string SnapshotFolder(string commit);

    /// <summary>Where the file's verified bytes are renamed to (a cache blob, or the file itself in a local dir).</summary>
    string FinalPath(RepoFile file);

    /// <summary>Where its bytes are written and resumed until verified; never a name a reader would take for the file.</summary>
    string PartialPath(RepoFile file);

    /// <summary>huggingface_hub's advisory lock for writing the file (flock), which it takes too.</summary>
    string LockPath(RepoFile file);

    /// <summary>Why this destination cannot hold the file (a local dir keeps its own metadata under <c>.cache/huggingface/</c>); null when it can.</summary>
    string? Refusal(RepoFile file);

    /// <summary>True when the file is there and can be trusted without reading it (the cheap "already downloaded" test).</summary>
    bool HasFile(RepoFile file);

    /// <summary>True when the file's content is held somewhere this tool never replaces, even with --force-download.</summary>
    bool KeepsAsIs(RepoFile file);

    /// <summary>
    /// Held while a model downloads <paramref name="commit"/> into the destination, up to its ref: the cache's cleanup
    /// (rm, prune) leaves a repo alone while a download holds it, so a snapshot whose ref is not written yet is never
    /// taken for a detached one. Null where there is nothing to protect: the ref already names the commit, a local
    /// dir, a cache that cannot be written.
    /// </summary>
    Task<IDisposable?> HoldAsync(string commit, string revision, TimeSpan pollInterval, Action onWaiting, CancellationToken ct);

    /// <summary>Records a present, verified file for <paramref name="commit"/> (the snapshot link, or the file's metadata).</summary>
    void Place(string commit, RepoFile file);

    /// <summary>
    /// Once every file of the model is placed: the commit's whole listing (when known), markers for the optional
    /// files the commit lacks, and the revision's ref, which declares the snapshot complete (where the destination keeps those).
    /// </summary>
    void Complete(string commit, string revision, IReadOnlyList<RepoFile>? tree, IReadOnlyList<string> missingOptional);

    /// <summary>The commit this destination knows for the revision without the network (a commit id is its own answer); null when none.</summary>
    string? ReadRef(string revision);

    /// <summary>The commit's saved listing (<c>trees/{commit}.json</c>), as read from disk.</summary>
    SavedTreeContent ReadTree(string commit);

    /// <summary>A stand-in listing from what is on disk for the commit, when there is no saved one; null when nothing can tell.</summary>
    IReadOnlyList<RepoFile>? InferTree(string commit);
}
