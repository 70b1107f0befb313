using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Inspection;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>
/// A repo on a fresh fake hub, downloaded once into a fresh cache: where the tests that damage a cache (verify's,
/// list's, the hostile caches') start. Disposing it removes the cache and stops the hub.
/// </summary>
internal sealed class DownloadedRepo : IAsyncDisposable
{
    private DownloadedRepo(HubServer hub, FakeRepo repo)
    {
        Hub = hub;
        Repo = repo;
        Cli = new CliHarness(hub.ApiUrl);
    }

    public HubServer Hub { get; }

    public FakeRepo Repo { get; }

    public CliHarness Cli { get; }

    /// <summary>Throws (after stopping what it started) when the download fails.</summary>
    /// <param name="add">Puts the repo on the hub.</param>
    /// <param name="download">The download's arguments.</param>
    public static async Task<DownloadedRepo> StartAsync(Func<HubServer, FakeRepo> add, string[] download, CancellationToken ct = default)
    {
        var hub = await HubServer.StartAsync();
        var downloaded = new DownloadedRepo(hub, add(hub));
        var first = await downloaded.Cli.RunAsync(download, ct);
        if (first.ExitCode != 0)
        {
            await downloaded.DisposeAsync();
            throw new InvalidOperationException(first.ToString());
        }

        return downloaded;
    }

    public void Deconstruct(out HubServer hub, out FakeRepo repo, out CliHarness cli) => (hub, repo, cli) = (Hub, Repo, Cli);

    /// <summary>With a <see cref="CacheTamper"/> of the repo's cache folder.</summary>
    public void Deconstruct(out HubServer hub, out FakeRepo repo, out CliHarness cli, out CacheTamper cache) =>
        (hub, repo, cli, cache) = (Hub, Repo, Cli, new CacheTamper(Cli, Repo));

    public async ValueTask DisposeAsync()
    {
        Cli.Dispose();
        await Hub.DisposeAsync();
    }
}
