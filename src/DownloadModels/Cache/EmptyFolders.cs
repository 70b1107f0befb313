namespace DownloadModels.Cache;

/// <summary>
/// Takes away folders a failed attempt left empty (a gated repo's <c>blobs/</c>, its lock folder), so
/// `list` does not show a repo that holds nothing. Only empty folders go: a file anywhere below keeps its
/// folder, and a folder another process fills meanwhile stays (a non-empty folder cannot be removed).
/// </summary>
internal static class EmptyFolders
{
    /// <summary>Removes <paramref name="folder"/> and every folder below it that holds no file; true when it is gone.</summary>
    public static bool Remove(string folder)
    {
        try
        {
            if (!Directory.Exists(folder) || new FileInfo(folder).LinkTarget is not null)
                return false;
            foreach (var child in Directory.EnumerateDirectories(folder))
                Remove(child);
            Directory.Delete(folder, recursive: false);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // not empty, or not ours to remove: leave it
        }
    }
}
