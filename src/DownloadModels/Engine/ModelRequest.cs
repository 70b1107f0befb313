using DownloadModels.Presets;
using DownloadModels.Repos;

namespace DownloadModels.Engine;

/// <summary>One model to bring into the cache: what to select (<see cref="Spec"/>) from which validated repo.</summary>
internal sealed record ModelRequest(ModelSpec Spec, RepoId Repo)
{
    public string Label => Spec.Label;
    public string Revision => Spec.Revision;

    /// <summary>Set from a lockfile: install exactly this commit and these files, never resolved again (see <see cref="PinnedListing"/>).</summary>
    public PinnedListing? Pinned { get; init; }
}
