using DownloadModels.Repos;

namespace DownloadModels.Oci;

/// <summary>One file of a model artifact: its repo file (path, size, Hub ETag), its OCI digest and layer type.</summary>
internal sealed record OciLayer(RepoFile File, string Digest, string MediaType);

/// <summary>
/// One model as its manifest describes it, validated. <see cref="Identity"/> is the Hugging Face identity our
/// push writes (null for an artifact another tool made: then only --local-dir can take it).
/// </summary>
internal sealed record OciModel(string ManifestDigest, OciDescriptor Config, IReadOnlyList<OciLayer> Layers, HfIdentity? Identity)
{
    public long Bytes => Layers.DistinctBy(l => l.Digest, StringComparer.Ordinal).Sum(l => l.File.Size);
}

/// <summary>Where the files belong on the Hub: the repo, the revision asked for, its commit, and what the cache knew about it.</summary>
internal sealed record HfIdentity(RepoId Repo, string Revision, string Commit, IReadOnlyList<string> NoExist, IReadOnlyList<RepoFile>? Tree);
