using DownloadModels.Settings;

namespace DownloadModels.Commands;

/// <summary>The first line of every command that uses the cache: where it is, and which setting chose it.</summary>
internal static class Preamble
{
    public static void WriteCache(TextWriter human, CacheLocation location, bool quiet)
    {
        if (!quiet)
            human.WriteLine($"Cache: {location.HubCacheDir} (from {location.Source})");
    }

    /// <summary>With --local-dir the cache is not used at all: the folder is what the run writes to.</summary>
    public static void WriteLocalDir(TextWriter human, string folder, bool quiet)
    {
        if (!quiet)
            human.WriteLine($"Local dir: {folder} (from --local-dir; the cache is not used)");
    }
}
