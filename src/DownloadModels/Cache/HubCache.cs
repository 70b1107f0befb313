using DownloadModels.Errors;
using DownloadModels.Repos;

namespace DownloadModels.Cache;

/// <summary>The hub cache folder (<c>…/huggingface/hub</c>): repos, their locks, and the CACHEDIR.TAG.</summary>
internal sealed class HubCache(string root) : IDownloadDestination
{
    /// <summary>The cache directory tag (bford.info/cachedir), which backup tools read to skip the folder.</summary>
    public const string CacheDirTag =
        "Signature: 8a477f597d28d172789f06886806bc55\n" +
        "# This file is a cache directory tag created by huggingface_hub-compatible download-models.\n" +
        "# For information about cache directory tags, see: https://bford.info/cachedir/\n";

    public string Root { get; } = Path.GetFullPath(root);

    public RepoCache Repo(RepoId repo) => new(Path.Combine(Root, CacheLayout.RepoFolderName(repo)), repo);

    IRepoDestination IDownloadDestination.Repo(RepoId repo) => Repo(repo);

    /// <summary>Where huggingface_hub takes its advisory lock while a blob is written.</summary>
    public string LockPath(RepoId repo, string etag) => CacheLayout.BlobLockPath(Root, CacheLayout.RepoFolderName(repo), etag);

    /// <summary>Creates the cache folder and its CACHEDIR.TAG (which backup tools read to skip it).</summary>
    public void EnsureCreated()
    {
        Directory.CreateDirectory(Root);
        var tag = Path.Combine(Root, CacheLayout.CacheDirTag);
        if (!File.Exists(tag))
            AtomicFile.WriteAllText(tag, CacheDirTag);
    }

    /// <summary>
    /// Proves the cache can be written before any download starts, so "permission denied" is one clear
    /// usage error (exit 1) rather than N failed models.
    /// </summary>
    public string? CheckWritable()
    {
        try
        {
            EnsureCreated();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return SystemErrors.FolderNotWritable($"the cache folder {Root}", Root, e, "--cache-dir");
        }

        return WriteProbe.Check(Root, $"the cache folder {Root}", "--cache-dir");
    }
}
