using DownloadModels.Engine;
using DownloadModels.Manifest;
using DownloadModels.Repos;

namespace DownloadModels.Lockfile;

/// <summary>
/// One entry of the lock: the inputs it was resolved from, the commit they resolved to, every selected file
/// (sorted by path) with the hashes its bytes must have, and the optional files the commit lacks.
/// </summary>
internal sealed record LockedModel(ModelInput Input, string Commit, IReadOnlyList<RepoFile> Files, IReadOnlyList<string> Absent)
{
    public long TotalBytes => Files.Sum(f => f.Size);

    /// <summary>The request that installs exactly this entry: never resolved again, every file checked against its hash here.</summary>
    public ModelRequest ToRequest() =>
        new(Input.ToSpec(), Input.Repo) { Pinned = new PinnedListing(Commit, Files, Absent) };

    /// <summary>Whether two entries pin the same commit and the same bytes.</summary>
    public bool SameContent(LockedModel other) =>
        Commit == other.Commit && Files.SequenceEqual(other.Files) && Absent.SequenceEqual(other.Absent, StringComparer.Ordinal);
}
