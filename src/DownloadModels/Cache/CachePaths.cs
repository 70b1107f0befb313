namespace DownloadModels.Cache;

/// <summary>Guards for deleting inside a repo folder of a cache that may have been tampered with.</summary>
internal static class CachePaths
{
    /// <summary>
    /// True when <paramref name="path"/> lies below <paramref name="repoFolder"/> and every folder between
    /// them is a real folder, not a link: a delete then cannot reach outside the repo through a planted link.
    /// </summary>
    public static bool IsSafeToDelete(string repoFolder, string path)
    {
        var relative = Path.GetRelativePath(repoFolder, path);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
            return false;
        var segments = relative.Split(Path.DirectorySeparatorChar);
        var current = repoFolder;
        foreach (var segment in segments[..^1])
        {
            current = Path.Combine(current, segment);
            if (DiskEntry.Probe(current).Kind != EntryKind.Folder)
                return false;
        }

        return true;
    }

    /// <summary>Removes a file, a link (never what it points to) or a folder; false when that is not safe or failed.</summary>
    public static bool Delete(string repoFolder, string path)
    {
        if (DiskEntry.Probe(path).Kind == EntryKind.Absent)
            return true;
        if (!IsSafeToDelete(repoFolder, path))
            return false;
        try
        {
            var entry = DiskEntry.Probe(path);
            if (entry.Kind == EntryKind.Folder)
                Directory.Delete(path, recursive: true);
            else if (entry.Kind != EntryKind.Absent)
                File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
