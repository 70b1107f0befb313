namespace DownloadModels.Removal;

/// <summary>
/// What one removal did (or, with --dry-run, would do) to one repo: the snapshots, refs, blobs and partial
/// downloads removed, the bytes freed, links into the shared blob store removed (their content stays in the
/// store), the chunk maps removed with them, what was kept because a running download holds it, and what could not be deleted.
/// </summary>
internal sealed record CleanupOutcome(
    string Label,
    CleanupStatus Status,
    string? Reason,
    bool WholeRepo,
    IReadOnlyList<string> Snapshots,
    int Refs,
    int Blobs,
    int StoreLinks,
    int Partials,
    long BytesFreed,
    IReadOnlyList<string> Kept,
    IReadOnlyList<string> Errors)
{
    /// <summary>Chunk maps removed (<c>xet-chunks/</c>): those of the blobs removed, and for prune those no blob backs.</summary>
    public int ChunkMaps { get; init; }

    public static CleanupOutcome Nothing(string label, CleanupStatus status, string reason) =>
        new(label, status, reason, false, [], 0, 0, 0, 0, 0, [], []);

    /// <summary>The repo's type (model, dataset or space), as its folder name spells it.</summary>
    public string RepoType { get; init; } = "";

    /// <summary>The repo's id (org/name).</summary>
    public string RepoId { get; init; } = "";

    /// <summary>The revision rm was given (a ref or a commit); null for a whole repo, and for prune.</summary>
    public string? Revision { get; init; }

    /// <summary>Asked for, and not done: in use, refused, or a deletion that failed.</summary>
    public bool Failed => Status is CleanupStatus.InUse or CleanupStatus.Refused || Errors.Count > 0;
}
