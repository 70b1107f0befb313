using DownloadModels.Repos;

namespace DownloadModels.Mirror;

/// <summary>One revision the mirror folder answers, and the files it serves at that commit.</summary>
internal sealed record MirroredRevision(RepoId Repo, string Revision, string Commit, IReadOnlyList<MirrorTreeEntryDto> Files);
