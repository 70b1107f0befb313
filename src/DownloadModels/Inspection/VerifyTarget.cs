using DownloadModels.Engine;
using DownloadModels.Repos;

namespace DownloadModels.Inspection;

/// <summary>
/// What one repo is checked against: the commit and its file listing, where they came from, and what
/// was already noticed while finding them. <see cref="ListingIsComplete"/> is false when no listing was
/// available and the snapshot's own links stand in for it (then nothing can be called missing or extra).
/// </summary>
internal sealed record VerifyTarget(
    ModelRequest Request,
    string? Commit,
    IReadOnlyList<RepoFile> Tree,
    bool ListingIsComplete,
    string Source,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<string> Notes)
{
    /// <summary>The words <see cref="Source"/> holds (verify's report prints them; the JSON has its enum values).</summary>
    public const string HubSource = "the Hub", SavedListingSource = "the saved listing", SnapshotLinksSource = "the snapshot's own links";

    public static VerifyTarget Failed(ModelRequest request, string error, IReadOnlyList<string> notes) =>
        new(request, null, [], false, "", [new Finding(FindingKind.Error, "", error)], notes);
}
