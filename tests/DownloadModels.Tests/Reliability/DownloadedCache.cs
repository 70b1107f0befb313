using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// A repo (<c>org/model</c>: config.json, an LFS w.bin) downloaded once into a fresh cache, ready to be damaged by a
/// test; the hub's request log is cleared. Disposing it stops the hub and removes the cache.
/// </summary>
internal sealed class DownloadedCache : IAsyncDisposable
{
    private DownloadedCache(HubServer hub)
    {
        Hub = hub;
        Repo = hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("w.bin", 20_000, lfs: true);
        Cli = new CliHarness(hub.ApiUrl);
    }

    public HubServer Hub { get; }

    public FakeRepo Repo { get; }

    public CliHarness Cli { get; }

    /// <summary>The repo's <c>refs/main</c>.</summary>
    public string MainRef => Path.Combine(Folder("refs"), "main");

    public static async Task<DownloadedCache> CreateAsync(CancellationToken ct)
    {
        var cache = new DownloadedCache(await HubServer.StartAsync());
        var first = await cache.Cli.RunAsync(["get", "org/model"], ct);
        if (first.ExitCode != 0)
        {
            await cache.DisposeAsync();
            throw new InvalidOperationException(first.ToString());
        }

        cache.Hub.ClearRequests();
        return cache;
    }

    public void Deconstruct(out HubServer hub, out FakeRepo repo, out CliHarness cli) => (hub, repo, cli) = (Hub, Repo, Cli);

    /// <summary>A folder of the repo's cache folder: blobs, snapshots, refs, trees.</summary>
    public string Folder(string name) => Path.Combine(Cli.HubCache, "models--org--model", name);

    public async ValueTask DisposeAsync()
    {
        Cli.Dispose();
        await Hub.DisposeAsync();
    }
}
