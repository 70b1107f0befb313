using DownloadModels.Repos;

namespace DownloadModels.Engine;

/// <summary>The files of one commit, and where that list came from (which decides how far it can be trusted).</summary>
internal sealed record CommitListing(string Commit, IReadOnlyList<RepoFile> Files, ListingSource Source)
{
    /// <summary>A listing from the Hub or a saved tree names every file; one inferred from a snapshot only what is there.</summary>
    public bool IsComplete => Source != ListingSource.Snapshot;
}
