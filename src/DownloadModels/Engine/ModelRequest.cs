using DownloadModels.Presets;
using DownloadModels.Repos;

namespace DownloadModels.Engine;

/// <summary>One model to bring into the cache: what to select (<see cref="Spec"/>) from which validated repo.</summary>
internal sealed record ModelRequest(ModelSpec Spec, RepoId Repo)
{
    public string Label => Spec.Label;
    public string Revision => Spec.Revision;
}
