using System.Formats.Tar;
using System.Text.Json;
using DownloadModels.Bundle;
using ZstdSharp;

namespace DownloadModels.Tests.Bundle;

/// <summary>Reads a bundle file the way a test wants to look at it: its manifest, its entry names in order.</summary>
internal static class BundleFile
{
    public static ManifestDto ReadManifest(string bundle)
    {
        using var file = File.OpenRead(bundle);
        using var zstd = new DecompressionStream(file);
        using var tar = new TarReader(zstd);
        var entry = tar.GetNextEntry()!;
        return JsonSerializer.Deserialize(entry.DataStream!, BundleJsonContext.Default.ManifestDto)!;
    }

    public static string[] EntryNames(string bundle)
    {
        using var file = File.OpenRead(bundle);
        using var zstd = new DecompressionStream(file);
        using var tar = new TarReader(zstd);
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry)
            names.Add(entry.Name);
        return [.. names];
    }
}
