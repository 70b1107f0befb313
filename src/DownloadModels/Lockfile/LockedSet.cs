using DownloadModels.Repos;

namespace DownloadModels.Lockfile;

/// <summary>download-models.lock: every model of the manifest pinned, sorted by repo type, repo and revision.</summary>
internal sealed record LockedSet(IReadOnlyList<LockedModel> Models)
{
    /// <summary>The format's version; a reader refuses any other (fields may only ever be added within one).</summary>
    public const int FormatVersion = 1;

    public static LockedSet Sorted(IEnumerable<LockedModel> models) =>
        new([.. models.OrderBy(m => m.Input.Key.Type).ThenBy(m => m.Input.Repo.Id, StringComparer.Ordinal).ThenBy(m => m.Input.Revision, StringComparer.Ordinal)]);

    public LockedModel? Find((RepoType Type, string Repo, string Revision) key) => Models.FirstOrDefault(m => m.Input.Key == key);
}
