using DownloadModels.Tests.Cli;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// <c>org/model</c> (config.json, an LFS w.bin) downloaded once into a fresh cache, ready to be damaged by a test; the
/// hub's request log is cleared.
/// </summary>
internal static class DownloadedCache
{
    public static async Task<DownloadedRepo> CreateAsync(CancellationToken ct)
    {
        var downloaded = await DownloadedRepo.StartAsync(hub => hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("w.bin", 20_000, lfs: true), ["get", "org/model"], ct);
        downloaded.Hub.ClearRequests();
        return downloaded;
    }

    /// <summary>A folder of the repo's cache folder: blobs, snapshots, refs, trees.</summary>
    public static string Folder(CliHarness cli, string name) => Path.Combine(cli.HubCache, "models--org--model", name);

    /// <summary>The repo's <c>refs/main</c>.</summary>
    public static string MainRef(CliHarness cli) => Path.Combine(Folder(cli, "refs"), "main");
}
