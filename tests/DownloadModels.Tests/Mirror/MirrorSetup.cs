using DownloadModels.Tests.Cli;
using DownloadModels.Tests.EndToEnd;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Mirror;

/// <summary>
/// A fake hub, a "source" machine that mirrors from it into a folder, and helpers to serve that folder
/// statically and download from it into an empty cache (a "fleet" machine).
/// </summary>
internal sealed class MirrorSetup : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];

    private MirrorSetup(HubServer hub)
    {
        Hub = hub;
        Source = Own(new CliHarness(hub.ApiUrl));
        Dir = Path.Combine(Source.Root, "mirror");
    }

    public HubServer Hub { get; }

    /// <summary>The machine that runs `mirror` (its cache is filled from the hub).</summary>
    public CliHarness Source { get; }

    public string Dir { get; }

    public static async Task<MirrorSetup> StartAsync() => new(await HubServer.StartAsync());

    public Task<ProcessResult> MirrorAsync(params string[] selection) => Source.RunAsync(["mirror", Dir, .. selection]);

    /// <summary>A machine with an empty cache whose endpoint is <paramref name="endpoint"/>.</summary>
    public CliHarness Client(string endpoint) => Own(new CliHarness(endpoint));

    public string MirrorFile(string relative) => Path.Combine([Dir, .. relative.Split('/')]);

    private T Own<T>(T item)
        where T : IDisposable
    {
        _owned.Add(item);
        return item;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var item in _owned)
            item.Dispose();
        await Hub.DisposeAsync();
    }
}
