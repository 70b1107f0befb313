namespace DownloadModels.Transfer;

/// <summary>
/// Writing the partial file failed (disk full, quota, I/O error). Kept apart from the IOExceptions of a
/// broken connection, which are worth a retry: a full disk is not, and its message must say "disk".
/// </summary>
internal sealed class DiskWriteException(IOException inner) : Exception("writing the partial file failed", inner)
{
    public IOException Disk => (IOException)InnerException!;
}
