namespace DownloadModels.Errors;

/// <summary>
/// The errno values the runtime puts in an IOException's HResult on Unix, in words. Linux numbering; the
/// few that differ on macOS fall through to the C library's text.
/// </summary>
internal static class Errno
{
    private const int ReadOnlyFileSystem = 30;
    private const int DiskFull = 28;
    private const int QuotaExceeded = 122;

    /// <summary>The errno an IOException carries (the runtime's HResult on Unix is the raw errno), else null.</summary>
    public static int? FromHResult(int hresult) =>
        hresult is > 0 and < 4096 ? hresult : null;

    public static bool IsDiskFull(int errno) => errno is DiskFull or QuotaExceeded;

    public static string Describe(int errno) => errno switch
    {
        1 or 13 => "permission denied",
        2 => "no such file or folder",
        5 => "an input/output error (a failing disk?)",
        16 => "the file is busy",
        17 => "it already exists",
        18 => "it is on another file system",
        20 => "a file is in the way where a folder belongs",
        21 => "it is a folder",
        24 => "too many open files",
        27 => "the file is too large for the file system",
        DiskFull => "the disk is full",
        ReadOnlyFileSystem => "read-only file system",
        32 => "broken pipe (the reader went away)",
        36 => "a name is too long",
        39 => "the folder is not empty",
        40 => "too many levels of symbolic links",
        95 => "the file system does not support it",
        QuotaExceeded => "the disk quota is exceeded",
        _ => SystemErrors.StrError(errno),
    };
}
