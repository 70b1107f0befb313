using System.Text.RegularExpressions;
using DownloadModels.Cache;
using DownloadModels.Errors;
using DownloadModels.Repos;

namespace DownloadModels.Inspection;

/// <summary>
/// `list`'s reading of a whole hub cache, like <c>hf cache scan</c> but never failing on what that
/// trips over (broken links, refs to missing snapshots): those become issues instead.
/// </summary>
internal static partial class CacheScanner
{
    public const int Version = 1;

    /// <summary>The whole cache; with <paramref name="withFiles"/> each snapshot lists its files (list --files).</summary>
    public static CacheListing Scan(string root, bool withFiles = false)
    {
        if (!Directory.Exists(root))
            return new CacheListing(Version, root, false, 0, [], []);

        var repos = new List<RepoListing>();
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

            var match = RepoFolder().Match(name);
            if (!match.Success)
            {
                issues.Add(new CacheIssue("not-a-repo", name, "a folder that is not models--, datasets-- or spaces--{org}--{name}"));
                continue;
            }

            var id = match.Groups["id"].Value.Replace("--", "/", StringComparison.Ordinal);
            var scan = RepoScanner.Scan(folder, match.Groups["type"].Value, RepoId.Printable(id), withFiles);
            repos.Add(scan.Listing);
            foreach (var (path, size) in scan.Used)
                used[path] = size;
        }

        var ordered = repos.OrderBy(r => r.RepoType, StringComparer.Ordinal).ThenBy(r => r.RepoId, StringComparer.Ordinal).ToArray();
        // Store files several repos link to are counted once, as the blobs one repo's snapshots share are.
        return new CacheListing(Version, root, true, used.Values.Sum(), ordered, issues) { SharedBlobStore = store };
    }

    /// <summary>The store's content files (<c>blobs/{xx}/{64 hex}</c>): how many, and their size.</summary>
    private static SharedStoreListing ScanStore(string folder)
    {
        long files = 0, bytes = 0;
        foreach (var (name, full) in SnapshotWalker.Entries(folder))
        {
            var parts = name.Split('/');
            var entry = DiskEntry.Probe(full);
            if (parts.Length != 2 || parts[1].Length != 64 || !parts[1].StartsWith(parts[0], StringComparison.Ordinal) || entry.Kind != EntryKind.File)
                continue; // the marker, .refs and .lock files
            files++;
            bytes += entry.Length;
        }

        return new SharedStoreListing(SharedBlobStore.FolderName, files, bytes);
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

    [GeneratedRegex("^(?<type>model|dataset|space)s--(?<id>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex RepoFolder();
}
