using DownloadModels.Hub;
using DownloadModels.Transfer;

namespace DownloadModels.Engine;

/// <summary>One line for any failure of one file or model: what happened and what to do.</summary>
internal static class FailureMessages
{
    private const int DiskFull = 28; // ENOSPC
    private const int QuotaExceeded = 122; // EDQUOT

    public static string For(Exception e, string what) => e switch
    {
        HubException or FileVerificationException or OfflineException or PinMismatchException => e.Message,
        DiskWriteException disk => For(disk.Disk, what),
        IOException io when (io.HResult & 0xFFFF) is DiskFull or QuotaExceeded =>
            $"{what}: the disk is full; free some space and run again (the partial file is kept and will resume).",
        UnauthorizedAccessException =>
            $"{what}: cannot write to the cache ({e.Message.TrimEnd('.')}): permission denied, or a folder where a file belongs; fix its permissions, remove what is in the way, or choose another --cache-dir.",
        IOException => $"{what}: {e.Message.TrimEnd('.', ' ')}; if the cache holds something this tool did not put there, remove it and run again.",
        _ => $"{what}: unexpected {e.GetType().Name}: {e.Message}",
    };
}
