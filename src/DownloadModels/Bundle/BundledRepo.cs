using DownloadModels.Cache;
using DownloadModels.Repos;

namespace DownloadModels.Bundle;

/// <summary>
/// One repo as a bundle carries it (validated): its files at <see cref="Commit"/>, the .no_exist markers,
/// and whether trees/{commit}.json comes along. Pack builds it from the cache, unpack from the manifest.
/// </summary>
internal sealed record BundledRepo(RepoId Repo, string Revision, string Commit, IReadOnlyList<RepoFile> Files, IReadOnlyList<string> NoExist, bool HasTree)
{
    /// <summary>A revision that is itself a commit id needs no ref file (as in huggingface_hub).</summary>
    public bool HasRef => Revision != Commit;

    /// <summary>Each blob once: two paths with the same content share one blob.</summary>
    public IReadOnlyList<RepoFile> Blobs { get; } = Files.DistinctBy(f => f.Etag, StringComparer.Ordinal).ToArray();

    public long BlobBytes => Blobs.Sum(b => b.Size);

    public string Folder => CacheLayout.RepoFolderName(Repo);

    public string ShortCommit => RevisionName.ShortCommit(Commit);
}
