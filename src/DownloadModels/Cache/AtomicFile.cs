namespace DownloadModels.Cache;

/// <summary>Writes a small file under a temporary name and renames it into place, so readers never see half of it.</summary>
internal static class AtomicFile
{
    public static void WriteAllText(string path, string content) =>
        ReplaceWith(path, temp => File.WriteAllText(temp, content));

    /// <summary>
    /// As <see cref="WriteAllText(string, string)"/>, through a fixed temporary name: for a file rewritten again and
    /// again by one writer at a time (a download's sidecar, under the blob's lock), so a process killed mid-write
    /// leaves a name the next write reuses and cleanup recognises, not a new stray file each time.
    /// </summary>
    public static void WriteAllText(string path, string content, string tempPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(tempPath, content);
        File.Move(tempPath, path, overwrite: true);
    }

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
