using System.Formats.Tar;
using DownloadModels.Cache;
using ZstdSharp;

namespace DownloadModels.Tests.Layout;

/// <summary>Copies a bundle entry by entry, turning its saved trees into our earlier releases' array format.</summary>
internal static class BundleRewriter
{
    public static async Task<string> WithLegacyTreesAsync(string bundle, string output)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"dm-legacy-tree-{Guid.NewGuid():N}.json");
        try
        {
            await using (var input = File.OpenRead(bundle))
            await using (var unzstd = new DecompressionStream(input))
            await using (var reader = new TarReader(unzstd))
            await using (var file = File.Create(output))
            await using (var zstd = new CompressionStream(file, 1))
            await using (var writer = new TarWriter(zstd, TarEntryFormat.Pax))
            {
                while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
                {
                    if (entry.Name.Contains("/trees/", StringComparison.Ordinal) && entry.DataStream is { } data)
                    {
                        await using (var copy = File.Create(temp))
                            await data.CopyToAsync(copy);
                        LegacyTree.Rewrite(temp);
                        var bytes = await File.ReadAllBytesAsync(temp);
                        if (LegacyTree.FormatOf(temp) != SavedTreeFormat.Legacy)
                            throw new InvalidOperationException("the rewrite did not produce the old format");
                        entry.DataStream = new MemoryStream(bytes);
                    }

                    await writer.WriteEntryAsync(entry);
                }
            }

            return output;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
