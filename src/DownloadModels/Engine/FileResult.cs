using DownloadModels.Repos;
using DownloadModels.Transfer;

namespace DownloadModels.Engine;

/// <summary>
/// How one file of a model ended: its listing entry, the outcome, what the transfer did (null when
/// nothing was transferred) and the error of a failed file.
/// </summary>
internal sealed record FileResult(RepoFile File, FileStatus Status, BlobResult? Transfer, string? Error)
{
    /// <summary>Failed only because offline mode fetches nothing and the cache lacks it (the model's error names these together).</summary>
    public bool MissingOffline { get; init; }

    public static FileResult Cached(RepoFile file) => new(file, FileStatus.Cached, null, null);
}
