using DownloadModels.Repos;

namespace DownloadModels.Engine;

/// <summary>A file of the plan, and whether its blob is already in the cache.</summary>
internal sealed record PlannedFile(RepoFile File, bool Cached);

/// <summary>
/// What a model needs at its pinned commit: the selected files, which are cached, and the optional
/// files the repo lacks. <see cref="FromCacheOnly"/> marks a plan read from the cache because the Hub
/// could not be reached (dry-run only); its reason is in <see cref="HubUnreachable"/>.
/// </summary>
internal sealed record ModelPlan(ModelRequest Request, string Commit, IReadOnlyList<PlannedFile> Files, IReadOnlyList<string> MissingOptional)
{
    public string? HubUnreachable { get; init; }

    /// <summary>The whole listing of the commit (when it came from the Hub), saved as trees/{commit}.json for offline use.</summary>
    public IReadOnlyList<RepoFile>? Tree { get; init; }
    public bool FromCacheOnly => HubUnreachable is not null;
    public long TotalBytes => Files.Sum(f => f.File.Size);
    public long CachedBytes => Files.Where(f => f.Cached).Sum(f => f.File.Size);
    public long BytesToFetch => TotalBytes - CachedBytes;
}
