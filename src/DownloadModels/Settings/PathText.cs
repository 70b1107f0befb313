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
    public static string MakeAbsolute(string path, string currentDirectory, string? homeDirectory)
    {
        string expanded = ExpandHome(path, homeDirectory);
        string full = Path.GetFullPath(expanded, Path.GetFullPath(currentDirectory));
        return Path.TrimEndingDirectorySeparator(full);
    }

    /// <summary>Whether <see cref="ExpandHome"/> would need the home folder for this path.</summary>
    public static bool NeedsHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
        || (Path.DirectorySeparatorChar != '/' && path.StartsWith("~" + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    /// <summary>Expands a leading <c>~</c>; without a home folder the path is left as it is (callers check <see cref="NeedsHome"/>).</summary>
    public static string ExpandHome(string path, string? homeDirectory) =>
        homeDirectory is null || !NeedsHome(path) ? path
        : path == "~" ? homeDirectory
        : Path.Combine(homeDirectory, path[2..]);
}
