using DownloadModels.Cache;
using DownloadModels.Errors;
using DownloadModels.Repos;

namespace DownloadModels.LocalDir;

/// <summary>
/// <c>--local-dir DIR</c>: the files themselves under <c>DIR/{path}</c> (no links), with huggingface_hub's own
/// bookkeeping in <c>DIR/.cache/huggingface/</c> (its <c>_local_folder.py</c> and <c>_tree_cache.py</c>):
/// <c>download/{path}.metadata</c> per file, <c>trees/{commit}.json</c>, a <c>.gitignore</c> holding <c>*</c> and a
/// CACHEDIR.TAG. So huggingface_hub's <c>snapshot_download(local_dir=DIR)</c> and <c>hf cache verify --local-dir</c>
/// find what we wrote complete, and we find what they wrote. One repo per folder, as in <c>hf download</c>.
/// </summary>
internal sealed class LocalFolder(string root) : IDownloadDestination
{
    /// <summary>What huggingface_hub writes into <c>.cache/huggingface/.gitignore</c>: nothing of it is ever committed.</summary>
    public const string GitIgnore = "*";

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary><c>DIR/.cache/huggingface</c>: huggingface_hub's folder inside a local dir.</summary>
    public string HuggingFaceFolder => Path.Combine(Root, ".cache", "huggingface");

    /// <summary>Per-file metadata, locks and partial files, mirroring the repo's folders.</summary>
    public string DownloadFolder => Path.Combine(HuggingFaceFolder, "download");

    public string TreePath(string commit) => Path.Combine(HuggingFaceFolder, "trees", commit + ".json");

    public IRepoDestination Repo(RepoId repo) => new LocalRepoFolder(this, repo);

    public string? CheckWritable()
    {
        try
        {
            EnsureCreated();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return SystemErrors.FolderNotWritable($"the local dir {Root}", Root, e, "--local-dir");
        }

        return WriteProbe.Check(Root, $"the local dir {Root}", "--local-dir");
    }

    /// <summary>The folder, its <c>.cache/huggingface/</c>, and the two files huggingface_hub puts there (only when absent).</summary>
    public void EnsureCreated()
    {
        Directory.CreateDirectory(HuggingFaceFolder);
        var gitIgnore = Path.Combine(HuggingFaceFolder, ".gitignore");
        if (!File.Exists(gitIgnore))
            AtomicFile.WriteAllText(gitIgnore, GitIgnore);
        var tag = Path.Combine(HuggingFaceFolder, "CACHEDIR.TAG");
        if (!File.Exists(tag))
            AtomicFile.WriteAllText(tag, HubCache.CacheDirTag);
    }
}
