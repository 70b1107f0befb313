using DownloadModels.Cache;

namespace DownloadModels.Bundle;

/// <summary>
/// Names inside the bundle: the cache layout itself, relative to the hub folder
/// (<c>models--org--name/blobs/{etag}</c>, <c>…/snapshots/{commit}/{path}</c>, <c>…/refs/{revision}</c>,
/// <c>…/.no_exist/{commit}/{path}</c>, <c>…/trees/{commit}.json</c>), after <c>manifest.json</c>.
/// </summary>
internal static class BundleFormat
{
    public const int Version = 1;
    public const string ManifestName = "manifest.json";

    /// <summary>Caps on the entries unpack holds in memory, so a hostile bundle cannot exhaust it.</summary>
    public const long MaxManifestBytes = 64L * 1024 * 1024;
    public const long MaxTreeBytes = 64L * 1024 * 1024;

    public const int DefaultLevel = 1;
    public const int MinLevel = 1;
    public const int MaxLevel = 19;
    public const int MaxThreads = 64;

    public static string Blob(BundledRepo repo, string etag) => $"{repo.Folder}/{CacheLayout.Blobs}/{etag}";

    public static string Snapshot(BundledRepo repo, string path) => $"{repo.Folder}/{CacheLayout.Snapshots}/{repo.Commit}/{path}";

    public static string Ref(BundledRepo repo) => $"{repo.Folder}/{CacheLayout.Refs}/{repo.Revision}";

    public static string NoExist(BundledRepo repo, string path) => $"{repo.Folder}/{CacheLayout.NoExist}/{repo.Commit}/{path}";

    public static string Tree(BundledRepo repo) => $"{repo.Folder}/{CacheLayout.Trees}/{repo.Commit}{CacheLayout.TreeSuffix}";
}
