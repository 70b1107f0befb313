using System.Diagnostics.CodeAnalysis;
using DownloadModels.Repos;

namespace DownloadModels.Cache;

/// <summary>
/// Every name of the hub cache layout, spelled once (docs: cache-layout.md). Readers (<see cref="RepoFolder"/>)
/// and the writer (<see cref="RepoCache"/>) build their paths here and nowhere else:
/// <code>
/// {cache}/CACHEDIR.TAG
/// {cache}/.locks/{repo folder}/{etag}.lock            huggingface_hub's lock while a blob is written
/// {cache}/.locks/{repo folder}/download-models.lock   our repo lock: downloads share it, rm/prune take it alone
/// {cache}/blobs/{xx}/{xet hash}                        the shared blob store (<see cref="SharedBlobStore"/>)
/// {cache}/models--{org}--{name}/                       a repo folder (datasets--, spaces--)
///     blobs/{etag}                                     content; blobs/{etag}{suffix}: a partial (<see cref="PartialKinds"/>)
///     snapshots/{commit}/{path} → ../../blobs/{etag}   relative links
///     refs/{revision}                                  a commit id, no newline
///     trees/{commit}.json                              the commit's listing (<see cref="SavedTree"/>)
///     .no_exist/{commit}/{path}                        empty: the file does not exist at that commit
///     xet-chunks/{sha256}                              where each chunk of a Xet blob lies (ours; Xet/ChunkMap)
///     xet-chunks/{sha256}.{random}.tmp                 a chunk map being written (renamed into place; a kill leaves it)
/// </code>
/// </summary>
internal static class CacheLayout
{
    public const string Blobs = "blobs";
    public const string Snapshots = "snapshots";
    public const string Refs = "refs";
    public const string Trees = "trees";
    public const string NoExist = ".no_exist";
    public const string Locks = ".locks";
    public const string CacheDirTag = "CACHEDIR.TAG";

    /// <summary>Our chunk maps of the repo's Xet blobs, one file per blob named by its etag (huggingface_hub ignores the folder).</summary>
    public const string XetChunkMaps = "xet-chunks";

    /// <summary>A chunk map being written ends with this (<c>{sha256}.{random}.tmp</c>); anything so named is a write's leftover once it is not running.</summary>
    public const string XetChunkMapTempSuffix = ".tmp";

    /// <summary>The saved tree's file name is the commit with this suffix.</summary>
    public const string TreeSuffix = ".json";

    /// <summary>The suffix of huggingface_hub's lock files (and of ours).</summary>
    public const string LockSuffix = ".lock";

    /// <summary>The lock our downloads hold (shared) on a whole repo and rm/prune take (exclusive); no huggingface_hub lock has this name.</summary>
    public const string RepoLockName = "download-models.lock";

    private static readonly string[] RepoTypes = ["model", "dataset", "space"];

    /// <summary><c>models--org--name</c>, <c>datasets--org--name</c>, <c>spaces--org--name</c>.</summary>
    public static string RepoFolderName(RepoId repo) => $"{repo.TypePlural}--{repo.Id.Replace("/", "--", StringComparison.Ordinal)}";

    /// <summary>
    /// The repo type (<c>model</c>, <c>dataset</c>, <c>space</c>) and id (<c>org/name</c>) a cache folder's name
    /// stands for; false for anything else (<c>.locks</c>, the shared blob store, other tools' folders).
    /// </summary>
    public static bool TryParseRepoFolderName(string name, [NotNullWhen(true)] out string? type, [NotNullWhen(true)] out string? id)
    {
        foreach (var candidate in RepoTypes)
        {
            var prefix = candidate + "s--";
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length)
            {
                type = candidate;
                id = name[prefix.Length..].Replace("--", "/", StringComparison.Ordinal);
                return true;
            }
        }

        type = id = null;
        return false;
    }

    public static string BlobsFolder(string repoFolder) => Path.Combine(repoFolder, Blobs);

    public static string XetChunkMapsFolder(string repoFolder) => Path.Combine(repoFolder, XetChunkMaps);

    /// <summary>The chunk map of the blob <paramref name="etag"/>: <c>xet-chunks/{etag}</c>, named as the blob it describes.</summary>
    public static string XetChunkMapPath(string repoFolder, string etag) => Path.Combine(repoFolder, XetChunkMaps, etag);

    public static string BlobPath(string repoFolder, string etag) => Path.Combine(repoFolder, Blobs, etag);

    public static string SnapshotFolder(string repoFolder, string commit) => Path.Combine(repoFolder, Snapshots, commit);

    public static string RefPath(string repoFolder, string revision) => Path.Combine(repoFolder, Refs, revision);

    public static string TreePath(string repoFolder, string commit) => Path.Combine(repoFolder, Trees, commit + TreeSuffix);

    public static string NoExistFolder(string repoFolder, string commit) => Path.Combine(repoFolder, NoExist, commit);

    /// <summary>huggingface_hub's lock for writing a blob: <c>{cache}/.locks/{repo folder}/{etag}.lock</c>.</summary>
    public static string BlobLockPath(string cacheRoot, string repoFolderName, string etag) =>
        Path.Combine(cacheRoot, Locks, repoFolderName, etag + LockSuffix);

    /// <summary>Our repo lock: <c>{cache}/.locks/{repo folder}/download-models.lock</c>.</summary>
    public static string RepoLockPath(string cacheRoot, string repoFolderName) => Path.Combine(cacheRoot, Locks, repoFolderName, RepoLockName);
}
