namespace DownloadModels.Cache;

/// <summary>
/// The advisory lock huggingface_hub takes while writing a blob (<c>.locks/{repo}/{etag}.lock</c>).
/// On Unix, .NET opens a file with <see cref="FileShare.None"/> by taking flock(LOCK_EX|LOCK_NB), the
/// same lock Python's filelock takes, so this tool, other copies of it and the Python libraries all
/// wait for each other instead of writing one blob twice.
/// </summary>
internal sealed class BlobLock : IDisposable
{
    private readonly FileStream _handle;

    private BlobLock(FileStream handle) => _handle = handle;

    /// <summary>
    /// Takes the lock, polling while someone else holds it; <paramref name="onWaiting"/> is told once, when the
    /// wait has lasted <paramref name="tellAfter"/> (a blob two files of one run share is only a blink away).
    /// </summary>
    /// <param name="shared">
    /// A shared lock (flock LOCK_SH, which .NET takes for any sharing but none): many holders at once, none while
    /// someone holds it exclusively. What a download of a repo holds so that rm and prune leave the repo alone.
    /// </param>
    public static async Task<BlobLock> AcquireAsync(string path, TimeSpan pollInterval, Action onWaiting, CancellationToken ct, bool shared = false, TimeSpan tellAfter = default)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var told = false;
        var started = Environment.TickCount64;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                return new BlobLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, shared ? FileShare.ReadWrite : FileShare.None, 1));
            }
            catch (IOException e) when (File.Exists(path) && IsHeldByAnother(e))
            {
                if (!told && Environment.TickCount64 - started >= tellAfter.TotalMilliseconds)
                {
                    told = true;
                    onWaiting();
                }

                await Task.Delay(pollInterval, ct);
            }
        }
    }

    /// <summary>
    /// The lock when nobody holds it, at once (creating the lock file as huggingface_hub does); null when someone
    /// does. A lock file that cannot be opened for writing (a read-only cache, permissions) is not "held": that
    /// IOException or UnauthorizedAccessException reaches the caller, which says what it is.
    /// </summary>
    public static BlobLock? TryAcquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return new BlobLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1));
        }
        catch (IOException e) when (File.Exists(path) && IsHeldByAnother(e))
        {
            return null;
        }
    }

    /// <summary>flock's EWOULDBLOCK: another process holds it. EROFS, EACCES and the like are not "held": waiting would never end.</summary>
    private static bool IsHeldByAnother(IOException e) => Errors.Errno.FromHResult(e.HResult) is null or WouldBlock or WouldBlockMac;

    // flock(LOCK_EX|LOCK_NB) on a lock someone holds: EWOULDBLOCK (EAGAIN), 11 on Linux, 35 on macOS.
    private const int WouldBlock = 11;
    private const int WouldBlockMac = 35;

    /// <summary>Whether a running process holds the lock now, without creating a lock file (for reports that write nothing).</summary>
    public static bool IsHeld(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1);
            return false;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true; // held, or unreadable: either way not ours to take
        }
    }

    public void Dispose() => _handle.Dispose();
}
