using DownloadModels.Cache;

namespace DownloadModels.Removal;

/// <summary>
/// Deletes inside a repo folder without ever following a link: a link is removed itself (never what it points
/// to, so a shared-store blob or anything outside the cache is untouched), a folder is emptied entry by entry.
/// Returns the bytes of the regular files removed (or, for a dry run, that would be); a dry run counts each
/// path once, remembering them in the set it is given.
/// </summary>
internal static class SafeDelete
{
    public static long Entry(string path, bool dryRun, ISet<string> counted)
    {
        if (dryRun && !counted.Add(path))
            return 0;
        var entry = DiskEntry.Probe(path);
        switch (entry.Kind)
        {
            case EntryKind.Absent:
                return 0;
            case EntryKind.Folder:
                var bytes = Children(path).Sum(child => Entry(child, dryRun, counted));
                if (!dryRun)
                    Directory.Delete(path);
                return bytes;
            default:
                if (!dryRun)
                    File.Delete(path);
                return entry.Kind == EntryKind.File ? entry.Length : 0;
        }
    }

    private static string[] Children(string folder) =>
        [.. new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }).Select(i => i.FullName)];
}
