using DownloadModels.Errors;
using DownloadModels.Hub;
using DownloadModels.Transfer;

namespace DownloadModels.Engine;

/// <summary>
/// One line for any failure of one file or model: what happened and what to do. A runtime exception's own
/// message is a resource key in the native binary, so it is worded from its type and errno (<see cref="SystemErrors"/>).
/// </summary>
internal static class FailureMessages
{
    public static string For(Exception e, string what) => e switch
    {
        HubException or FileVerificationException or OfflineException or PinMismatchException or EmptySelectionException => e.Message,
        DiskWriteException disk => For(disk.Disk, what),
        _ when SystemErrors.IsDiskFull(e) =>
            $"{what}: the disk is full; free some space and run again (the partial file is kept and will resume).",
        _ when SystemErrors.FileInTheWayOf(e) is { } file =>
            $"{what}: {file} is a file where a folder belongs; if the cache holds something this tool did not put there, remove it and run again.",
        UnauthorizedAccessException =>
            $"{what}: cannot write {Where(e)}(permission denied, or a folder where a file belongs); fix its permissions, remove what is in the way, or choose another --cache-dir.",
        IOException => $"{what}: {Where(e)}{SystemErrors.Describe(e)}; if the cache holds something this tool did not put there, remove it and run again.",
        _ => $"{what}: {SystemErrors.Describe(e)}; run again, and report it if it persists.",
    };

    /// <summary>"/x/blobs/abc: " when the exception names its path, else "" (or "to the cache " for a write).</summary>
    private static string Where(Exception e) =>
        SystemErrors.PathOf(e) is { } path ? path + (e is UnauthorizedAccessException ? " " : ": ") : e is UnauthorizedAccessException ? "to the cache " : "";
}
