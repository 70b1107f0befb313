using DownloadModels.Cache;
using DownloadModels.Settings;

namespace DownloadModels.Commands;

/// <summary>The first line of every command that uses the cache: where it is, and which setting chose it.</summary>
internal static class Preamble
{
    public static void WriteCache(TextWriter human, CacheLocation location, bool quiet)
    {
        if (!quiet)
            human.WriteLine($"Cache: {location.HubCacheDir} (from {location.Source})");
        if (HubCacheGivenAsHome(location) is { } warning)
            human.WriteLine(warning);
    }

    /// <summary>
    /// `hf --cache-dir X` means the hub cache X; ours (the drop-in's contract) means the HF home X, cache X/hub.
    /// Someone switching tools would silently start a second cache: when X itself holds repo folders, say so.
    /// </summary>
    public static string? HubCacheGivenAsHome(CacheLocation location)
    {
        if (location.Source != "--cache-dir" || location.HfHome is not { } given)
            return null;
        try
        {
            if (!Directory.Exists(given) || !Directory.EnumerateDirectories(given).Any(d => CacheLayout.TryParseRepoFolderName(Path.GetFileName(d), out _, out _)))
                return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return $"warning: --cache-dir {given} is a hub cache itself (it holds models--* folders, as hf's --cache-dir takes it); " +
            $"here --cache-dir is the HF home and the cache is {location.HubCacheDir}, a second one. To use that cache: HF_HUB_CACHE={given} download-models ...";
    }

    /// <summary>With --local-dir the cache is not used at all: the folder is what the run writes to.</summary>
    public static void WriteLocalDir(TextWriter human, string folder, bool quiet)
    {
        if (!quiet)
            human.WriteLine($"Local dir: {folder} (from --local-dir; the cache is not used)");
    }
}
