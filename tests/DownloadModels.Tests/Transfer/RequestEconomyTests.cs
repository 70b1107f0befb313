using System.Globalization;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Transfer;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Transfer;

/// <summary>
/// No request the protocol does not need, on kept-alive connections: per small file one /resolve/ and one
/// answer with the bytes; per large file one /resolve/ whatever the number of ranges; a few connections
/// to each host for hundreds of requests (counted in the kernel's table of TCP sockets).
/// </summary>
public sealed class RequestEconomyTests
{
    private const int LfsFiles = 150;
    private const int RegularFiles = 6;

    [Test]
    public async Task ManySmallFiles_DefaultSettings_TwoRequestsPerFileOverKeptAliveConnections()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/many");
        repo.XetBacked = false; // the HTTP path's economy (the Xet path asks a token and reconstructions instead; see Xet/)
        for (var i = 0; i < LfsFiles; i++)
            repo.AddFile($"shards/part-{i:D4}.bin", 1_000 + (i * 37), lfs: true, seed: i);
        for (var i = 0; i < RegularFiles; i++)
            repo.AddFile($"configs/c{i}.json", $"{{\"n\": {i}}}");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/many");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var api = hub.RequestsTo(FakeHost.Api).Select(r => r.PathAndQuery).ToList();
        await Assert.That(api.Count(p => p.StartsWith("/api/models/org/many/revision/", StringComparison.Ordinal))).IsEqualTo(1);
        await Assert.That(api.Count(p => p.StartsWith("/api/models/org/many/tree/", StringComparison.Ordinal))).IsEqualTo(1);
        await Assert.That(api.Count(p => p.Contains("/resolve/", StringComparison.Ordinal))).IsEqualTo(LfsFiles + RegularFiles);
        await Assert.That(api.Count(p => p.StartsWith("/api/resolve-cache/", StringComparison.Ordinal))).IsEqualTo(RegularFiles);
        await Assert.That(api.Count).IsEqualTo(2 + LfsFiles + (2 * RegularFiles));
        await Assert.That(hub.RequestsTo(FakeHost.Cdn).Count).IsEqualTo(LfsFiles);
        // Connections are reused: at most one per request in flight (the controller's ceiling) on each host, not one per request.
        await Assert.That(ConnectionsTo(hub.ApiUrl)).IsBetween(1, TransferSettings.DefaultMaxConnections);
        await Assert.That(ConnectionsTo(hub.CdnUrl)).IsBetween(1, TransferSettings.DefaultMaxConnections);
    }

    [Test]
    public async Task ManySmallFiles_StoreKnowsNone_AskedForAFewThenStraightOverHttp()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/unknown"); // Xet-backed: each LFS file listed with a xet hash the CAS answers 404 for
        for (var i = 0; i < LfsFiles; i++)
            repo.AddFile($"shards/part-{i:D4}.bin", 1_000 + (i * 37), lfs: true, seed: i);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/unknown");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdErr).DoesNotContain("Xet");
        await Assert.That(hub.RequestsTo(FakeHost.Cdn).Count).IsEqualTo(LfsFiles);
        // v2 and v1 for the files started before the store had said "unknown" of UnknownFilesBeforeHttp of them; none after.
        var reconstructions = hub.RequestsTo(FakeHost.Cas).Count(r => r.PathAndQuery.Contains("/reconstructions/", StringComparison.Ordinal));
        var bound = 2 * (XetTransport.UnknownFilesBeforeHttp + DownloadModels.Engine.FileSlots.SmallFilesInFlight(new TransferSettings(DownloadModels.Hub.RetryPolicy.Default)));
        await Assert.That(reconstructions).IsBetween(2 * XetTransport.UnknownFilesBeforeHttp, bound);
        await Assert.That(reconstructions).IsLessThan(2 * LfsFiles);
        foreach (var path in repo.Paths.Take(5))
            await Assert.That(HubServer.Sha256Hex(File.ReadAllBytes(Path.Combine(cli.HubCache, "models--org--unknown", "blobs", repo.Sha256Of(path))))).IsEqualTo(repo.Sha256Of(path));
    }

    [Test]
    public async Task LargeFile_EightRangesInParallel_ResolvedOnce()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", (9 * 1024 * 1024) + 77, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model", "--chunk-size", "1", "--connections", "8");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(hub.RequestsTo(FakeHost.Cdn).Count).IsEqualTo(9);
        await Assert.That(hub.RequestsTo(FakeHost.Api).Count(r => r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal))).IsEqualTo(1);
        await Assert.That(CacheSha(cli, repo)).IsEqualTo(repo.Sha256Of("w.bin"));
    }

    /// <summary>
    /// Client sockets (any state, TIME_WAIT included) whose peer is the listener of <paramref name="url"/>:
    /// every TCP connection this test opened to it. Each hub listens on its own ephemeral port. .NET's
    /// sockets are dual-mode, so IPv4 peers show up in tcp6 as ::ffff:127.0.0.1.
    /// </summary>
    private static int ConnectionsTo(string url)
    {
        var port = new Uri(url).Port;
        return new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(table => File.ReadLines(table).Skip(1))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(fields => int.Parse(fields[2].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port);
    }

    private static string CacheSha(CliHarness cli, FakeRepo repo) =>
        HubServer.Sha256Hex(File.ReadAllBytes(Path.Combine(cli.HubCache, "models--org--model", "blobs", repo.Sha256Of("w.bin"))));
}
