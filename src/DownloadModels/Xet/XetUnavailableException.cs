namespace DownloadModels.Xet;

/// <summary>
/// The Xet path cannot serve this run: the endpoint has no Xet (no token route: a mirror, an old Hub; silent), or
/// its CAS cannot be reached or answers nonsense (said once, in one line). The file is
/// fetched over HTTP instead, unless --transport xet asked for Xet only.
/// </summary>
internal sealed class XetUnavailableException(string message, bool silent, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The endpoint simply has no Xet: falling back needs no word.</summary>
    public bool Silent { get; } = silent;

    /// <summary>Only this file cannot come from Xet (the CAS does not know it); the others of the run still try.</summary>
    public bool FileOnly { get; init; }
}

/// <summary>The finished file does not match the named hash (xet or sha256) after every attempt; nothing was kept.</summary>
internal sealed class XetHashMismatchException(string message) : Exception(message);

/// <summary>Writing the partial file failed (disk full, I/O error): not the network's fault, never retried.</summary>
internal sealed class XetWriteException(IOException inner) : Exception("writing the partial file failed", inner)
{
    public IOException Disk => (IOException)InnerException!;
}
