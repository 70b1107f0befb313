using DownloadModels.Tests.Cli;

namespace DownloadModels.Tests.Bundle;

/// <summary>Packs from a harness's cache into a fresh bundle file (the test fails loudly if pack does).</summary>
internal static class Packed
{
    public static async Task<string> FromAsync(CliHarness source, params string[] selection)
    {
        var bundle = Path.Combine(source.Root, $"bundle-{Guid.NewGuid():N}.tar.zst");
        var pack = await source.RunAsync(["pack", bundle, .. selection]);
        return pack.ExitCode == 0 ? bundle : throw new InvalidOperationException(pack.ToString());
    }
}
