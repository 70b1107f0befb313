namespace DownloadModels.Cache;

/// <summary>Writes a small file under a temporary name and renames it into place, so readers never see half of it.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string content) =>
        ReplaceWith(path, temp => File.WriteAllText(temp, content));

    public static void WriteAllBytes(string path, byte[] content) =>
        ReplaceWith(path, temp => File.WriteAllBytes(temp, content));

    /// <summary>Replaces whatever is at <paramref name="path"/> with a symlink, atomically (rename(2) over it).</summary>
    public static void ReplaceWithSymlink(string path, string target) =>
        ReplaceWith(path, temp => File.CreateSymbolicLink(temp, target));

    private static void ReplaceWith(string path, Action<string> create)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // A short temp name in the same folder: the final name may already be close to the 255-byte limit.
        var temp = Path.Combine(Path.GetDirectoryName(path)!, $".tmp-{Guid.NewGuid():N}");
        try
        {
            create(temp);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
