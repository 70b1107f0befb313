using System.Security.Cryptography;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// Every entry under a cache folder as it stands on disk, without following links: a regular file by its mode and
/// the sha256 of its bytes, a link by its target, a folder by its name. Taken before and after a run, it shows
/// exactly what the run changed, removed or added.
/// </summary>
internal sealed class CacheFingerprint
{
    private readonly SortedDictionary<string, string> _entries;

    private CacheFingerprint(SortedDictionary<string, string> entries) => _entries = entries;

    public IReadOnlyDictionary<string, string> Entries => _entries;

    public static CacheFingerprint Take(string root)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var info in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var relative = Path.GetRelativePath(root, info.FullName);
            entries[relative] = info switch
            {
                { LinkTarget: { } target } => "link -> " + target,
                DirectoryInfo => "folder",
                FileInfo file => $"file {Convert.ToString((int)file.UnixFileMode, 8)} {Sha256(file.FullName)}",
                _ => "other",
            };
        }

        return new CacheFingerprint(entries);
    }

    /// <summary>Entries changed or removed since <paramref name="before"/>, and those added that <paramref name="mayAdd"/> rejects.</summary>
    public IReadOnlyList<string> DifferencesFrom(CacheFingerprint before, Func<string, bool> mayAdd)
    {
        var differences = new List<string>();
        foreach (var (path, was) in before._entries)
        {
            if (!_entries.TryGetValue(path, out var now))
                differences.Add($"removed {path} ({was})");
            else if (now != was)
                differences.Add($"changed {path}: {was}  =>  {now}");
        }

        differences.AddRange(_entries.Keys.Where(p => !before._entries.ContainsKey(p) && !mayAdd(p)).Select(p => $"added {p} ({_entries[p]})"));
        return differences;
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
