using System.Text.RegularExpressions;
using DownloadModels.Hub;

namespace DownloadModels.Inspection;

/// <summary>
/// `list`'s reading of a whole hub cache, like <c>hf cache scan</c> but never failing on what that
/// trips over (broken links, refs to missing snapshots): those become issues instead.
/// </summary>
internal static partial class CacheScanner
{
    public const int Version = 1;

    public static CacheListing Scan(string root)
    {
        if (!Directory.Exists(root))
            return new CacheListing(Version, root, false, 0, [], []);

        var repos = new List<RepoListing>();
        var issues = new List<CacheIssue>();
        foreach (var folder in TopFolders(root))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('.'))
                continue; // .locks and other tools' private folders
            var match = RepoFolder().Match(name);
            if (!match.Success)
            {
                issues.Add(new CacheIssue("not-a-repo", name, "a folder that is not models--, datasets-- or spaces--{org}--{name}"));
                continue;
            }

            var id = match.Groups["id"].Value.Replace("--", "/", StringComparison.Ordinal);
            repos.Add(RepoScanner.Scan(folder, match.Groups["type"].Value, RepoId.Printable(id)));
        }

        var ordered = repos.OrderBy(r => r.RepoType, StringComparer.Ordinal).ThenBy(r => r.RepoId, StringComparer.Ordinal).ToArray();
        return new CacheListing(Version, root, true, ordered.Sum(r => r.SizeOnDisk), ordered, issues);
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
            throw new IOException($"the cache folder {root} cannot be read ({e.Message.TrimEnd('.')})", e);
        }
    }

    [GeneratedRegex("^(?<type>model|dataset|space)s--(?<id>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex RepoFolder();
}
