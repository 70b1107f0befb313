using DownloadModels.Errors;

namespace DownloadModels.Cache;

/// <summary>
/// Proves a folder can be written before any work starts (creating it when missing), so "permission
/// denied" is one clear usage error rather than N failed models or a half-written mirror.
/// </summary>
internal static class WriteProbe
{
    /// <summary>
    /// Null when <paramref name="folder"/> can be written; else one line naming <paramref name="what"/> and
    /// what to do, with <paramref name="other"/> the way to choose another folder (e.g. "--cache-dir").
    /// </summary>
    public static string? Check(string folder, string what, string other)
    {
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return SystemErrors.FolderNotWritable(what, folder, e, other);
        }
    }
}
