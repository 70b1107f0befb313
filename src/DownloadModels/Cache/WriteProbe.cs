namespace DownloadModels.Cache;

/// <summary>
/// Proves a folder can be written before any work starts (creating it when missing), so "permission
/// denied" is one clear usage error rather than N failed models or a half-written mirror.
/// </summary>
internal static class WriteProbe
{
    /// <summary>Null when <paramref name="folder"/> can be written; else why not, as the exception said it.</summary>
    public static string? Check(string folder)
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
            return e.Message.TrimEnd('.');
        }
    }
}
