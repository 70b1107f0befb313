using DownloadModels.Cache;
using DownloadModels.Errors;
using DownloadModels.Repos;

namespace DownloadModels.Inspection;

/// <summary>
/// `list`'s reading of a whole hub cache, like <c>hf cache scan</c> but never failing on what that
/// trips over (broken links, refs to missing snapshots): those become issues instead.
/// </summary>
internal static class CacheScanner
{
    /// <summary>The whole cache; with <paramref name="withFiles"/> each snapshot lists its files (list --files).</summary>
    public static CacheListing Scan(string root, bool withFiles = false)
    {
        if (!Directory.Exists(root))
            return new CacheListing(root, false, 0, [], []);

        var scans = new List<RepoScanner.RepoScan>();
        var issues = new List<CacheIssue>();
        var used = new Dictionary<string, long>(StringComparer.Ordinal);
        SharedStoreListing? store = null;
        foreach (var folder in TopFolders(root))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('.'))
                continue; // .locks and other tools' private folders
            if (name == SharedBlobStore.FolderName && SharedBlobStore.IsPresent(root))
            {
                store = ScanStore(folder);
                continue;
            }

            if (!CacheLayout.TryParseRepoFolderName(name, out var type, out var id))
            {
                issues.Add(new CacheIssue("not-a-repo", name, "a folder that is not models--, datasets-- or spaces--{org}--{name}"));
                continue;
            }

            var scan = RepoScanner.Scan(folder, type, RepoId.Printable(id), withFiles);
            scans.Add(scan);
            foreach (var (path, size) in scan.Used)
                used[path] = size;
        }

        // Shared bytes need every repo's maps: a chunk is shared when another blob, of any repo, holds it too.
        var shared = SharedChunks.Count(scans.SelectMany(s => s.Maps));
        var repos = scans.Select(s => s.Listing with { BytesShared = s.Maps.Select(m => m.Holder).Distinct(StringComparer.Ordinal).Sum(h => shared.GetValueOrDefault(h)) });
        var ordered = repos.OrderBy(r => r.RepoType, StringComparer.Ordinal).ThenBy(r => r.RepoId, StringComparer.Ordinal).ToArray();
        // Store files several repos link to are counted once, as the blobs one repo's snapshots share are.
        return new CacheListing(root, true, used.Values.Sum(), ordered, issues) { SharedBlobStore = store, BytesShared = shared.Values.Sum() };
    }

    /// <summary>The store's content files (<c>blobs/{xx}/{64 hex}</c>): how many, and their size.</summary>
    private static SharedStoreListing ScanStore(string folder)
    {
        var contents = SharedBlobStore.ContentFiles(folder).ToArray();
        return new SharedStoreListing(SharedBlobStore.FolderName, contents.Length, contents.Sum(c => c.Length));
    }

    private static string[] TopFolders(string root)
    {
        try
        {
            return [.. new DirectoryInfo(root).EnumerateDirectories("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true })
                .Select(d => d.FullName).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CacheUnreadableException($"the cache folder {root} cannot be read ({SystemErrors.Describe(e)})", e);
        }
    }
}
