namespace DownloadModels.Settings;

/// <summary>Small path helpers shared by the settings resolvers.</summary>
internal static class PathText
{
    /// <summary>Empty values count as unset, as a shell user expects from <c>VAR=</c>.</summary>
    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// Expands a leading <c>~</c> or <c>~/</c> (as Python's expanduser and compose do) and anchors a
    /// relative path at <paramref name="currentDirectory"/>, so the same value means the same directory
    /// whatever process later reads it.
    /// </summary>
    public static string MakeAbsolute(string path, string currentDirectory, string homeDirectory)
    {
        string expanded = ExpandHome(path, homeDirectory);
        string full = Path.GetFullPath(expanded, Path.GetFullPath(currentDirectory));
        return Path.TrimEndingDirectorySeparator(full);
    }

    public static string ExpandHome(string path, string homeDirectory)
    {
        if (path == "~")
        {
            return homeDirectory;
        }

        if (path.StartsWith("~/", StringComparison.Ordinal)
            || (Path.DirectorySeparatorChar != '/' && path.StartsWith("~" + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            return Path.Combine(homeDirectory, path[2..]);
        }

        return path;
    }
}
