using DownloadModels.Repos;

namespace DownloadModels.Removal;

/// <summary>What `rm` is asked to remove: a whole repo, or one revision of it (a commit id, or a ref such as main).</summary>
internal sealed record RemovalTarget(RepoId Repo, string? Revision)
{
    /// <summary>As the user would write it: <c>org/name</c>, <c>datasets/org/name@v1</c>.</summary>
    public override string ToString() =>
        (Repo.Type == RepoType.Model ? Repo.Id : $"{Repo.TypePlural}/{Repo.Id}") + (Revision is null ? "" : "@" + Revision);
}
