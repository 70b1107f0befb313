namespace DownloadModels.Mirror;

/// <summary>
/// Puts a verified cache blob at its mirror path, atomically: a hard link (or copy) under a temporary
/// name in the same folder, then rename(2) over the final name, so a web server never serves half a
/// file. A hard link rather than a symlink: the web server's user then needs no access to the cache
/// folder (often under a private home), and a later cache clean-up leaves the mirror intact.
/// </summary>
internal static class BlobPublisher
{
    public static PublishOutcome Publish(string blobPath, string targetPath, long size)
    {
        var existing = new FileInfo(targetPath);
        if (existing.Exists && existing.LinkTarget is null && existing.Length == size)
            return PublishOutcome.Present;

        var folder = Path.GetDirectoryName(targetPath)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".tmp-{Guid.NewGuid():N}");
        try
        {
            var outcome = TryHardLink(blobPath, temp) ? PublishOutcome.Linked : PublishOutcome.Copied;
            if (outcome == PublishOutcome.Copied)
                File.Copy(blobPath, temp);
            File.Move(temp, targetPath, overwrite: true);
            return outcome;
        }
        finally
        {
            // rename(2) between two links of one inode does nothing and leaves the source name behind.
            File.Delete(temp);
        }
    }

    /// <summary>False when a link is impossible here (another file system, links refused); other errors throw.</summary>
    private static bool TryHardLink(string existing, string newPath)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return false;
        var errno = Posix.TryLink(existing, newPath);
        if (errno == 0)
            return true;
        if (errno is Posix.Exdev or Posix.Eperm or Posix.Enotsup or Posix.Emlink)
            return false;
        throw new IOException($"could not link {existing} to {newPath}: {Posix.Describe(errno)}.");
    }
}
