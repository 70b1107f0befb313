using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>A repo downloaded once into a fresh cache, ready to be damaged by a test; the hub's request log is cleared.</summary>
internal static class DownloadedCache
{
    public static async Task<(HubServer, FakeRepo, CliHarness)> CreateAsync(CancellationToken ct)
    {
        var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("w.bin", 20_000, lfs: true);
        var cli = new CliHarness(hub.ApiUrl);
        var first = await cli.RunAsync(["get", "org/model"], ct);
        if (first.ExitCode != 0)
            throw new InvalidOperationException(first.ToString());
        hub.ClearRequests();
        return (hub, repo, cli);
    }

    public static string Folder(CliHarness cli, string name) => Path.Combine(cli.HubCache, "models--org--model", name);
}
