namespace DownloadModels.Cache;

/// <summary>
/// Every entry below a folder that is not a plain folder (files, links, links to folders), with its path
/// relative to the folder in '/' form. Links to folders are listed, not entered, so a link loop in a
/// hand-made cache cannot make a scan run forever.
/// </summary>
internal static class SnapshotWalker
{
    private static readonly EnumerationOptions Options = new()
    {
        // The default skips "hidden" names, which on Unix are dotfiles such as .gitattributes.
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
        RecurseSubdirectories = false,
    };

    public static IEnumerable<(string RelativePath, string FullPath)> Entries(string folder) =>
        Directory.Exists(folder) ? Walk(folder, "") : [];

    private static IEnumerable<(string, string)> Walk(string folder, string prefix)
    {
        foreach (var info in List(folder))
        {
            var relative = prefix + info.Name;
            if (info is DirectoryInfo && !info.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                foreach (var inner in Walk(info.FullName, relative + "/"))
                    yield return inner;
            }
            else
            {
                yield return (relative, info.FullName);
            }
        }
    }

    /// <summary>A folder that cannot be read (permissions, removed meanwhile) reads as empty.</summary>
    private static FileSystemInfo[] List(string folder)
    {
        try
        {
            return [.. new DirectoryInfo(folder).EnumerateFileSystemInfos("*", Options).OrderBy(i => i.Name, StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
