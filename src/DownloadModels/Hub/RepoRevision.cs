using DownloadModels.Repos;

namespace DownloadModels.Hub;

/// <summary>A revision resolved to the commit that every later request is pinned to.</summary>
internal sealed record RepoRevision(RepoId Repo, string Revision, string Commit, string? Gated);
