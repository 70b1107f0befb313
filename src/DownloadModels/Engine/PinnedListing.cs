using DownloadModels.Repos;

namespace DownloadModels.Engine;

/// <summary>
/// A model's listing fixed in advance by a lockfile: the commit, the exact files to install with the hashes
/// every byte is checked against, and the optional files the commit lacks (written as .no_exist markers).
/// The planner uses it instead of resolving the revision, and where it asks the Hub it checks that the
/// Hub's listing of that commit agrees (<see cref="PinnedCheck"/>).
/// </summary>
internal sealed record PinnedListing(string Commit, IReadOnlyList<RepoFile> Files, IReadOnlyList<string> AbsentOptional);
