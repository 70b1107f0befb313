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
}
