namespace DownloadModels.Bundle;

/// <summary>How one repo of a bundle ended: what was added, what was already there, how its ref changed; or why it was not merged.</summary>
internal sealed record RepoMergeResult(
    BundledRepo Repo,
    int BlobsAdded,
    long BytesAdded,
    int BlobsPresent,
    long BytesPresent,
    int LinksAdded,
    string RefChange,
    string? Error)
{
    public bool Succeeded => Error is null;

    /// <summary>The blobs (etags) the cache held already; the bundle added the others.</summary>
    public IReadOnlySet<string> PresentBlobs { get; init; } = new HashSet<string>();

    /// <summary>The commit the bundle's ref pointed at in the cache before the merge (null: no such ref, or the bundle names none).</summary>
    public string? PreviousCommit { get; init; }

    public static RepoMergeResult Failed(BundledRepo repo, string error) => new(repo, 0, 0, 0, 0, 0, "", error);
}
