using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Transfer;

/// <summary>The download survives the network's faults and finishes with verified files.</summary>
public sealed class ResumeAndFaultTests
{
    private const long Size = 400_000;

    [Test]
    public async Task PartialFromEarlierRun_Present_ContinuesWithRangeAndFetchesOnlyTheRest()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        var blobs = Directory.CreateDirectory(Path.Combine(cli.HubCache, "models--org--model", "blobs")).FullName;
        File.WriteAllBytes(Path.Combine(blobs, repo.Sha256Of("w.bin") + ".incomplete"), repo.GetContent("w.bin")[..150_000]);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var cdn = hub.Requests.Where(r => r.Host == FakeHost.Cdn).ToArray();
        await Assert.That(cdn.Select(r => r.Range ?? "")).IsEquivalentTo(["bytes=150000-"]);
        await Assert.That(cdn.Sum(r => r.BodyBytesSent)).IsEqualTo(Size - 150_000);
        await Assert.That(HubServer.Sha256Hex(File.ReadAllBytes(Path.Combine(blobs, repo.Sha256Of("w.bin"))))).IsEqualTo(repo.Sha256Of("w.bin"));
        await Assert.That(File.Exists(Path.Combine(blobs, repo.Sha256Of("w.bin") + ".incomplete"))).IsFalse();
    }

    [Test]
    public async Task BodyCutShort_Twice_ResumesFromTheByteReached()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        hub.Faults.CutBodyAfter(100_000, times: 2, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        // An aborted connection may lose a few of the bytes the server wrote, so the exact resume offsets
        // vary; what matters is that each retry continues (Range from a later byte) rather than restarts.
        var starts = hub.Requests.Where(r => r.Host == FakeHost.Cdn)
            .Select(r => r.Range is null ? 0 : long.Parse(r.Range["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
        await Assert.That(starts.Length).IsEqualTo(3);
        await Assert.That(starts[0]).IsEqualTo(0);
        await Assert.That(starts[1]).IsGreaterThan(0);
        await Assert.That(starts[2]).IsGreaterThan(starts[1]);
        await AssertBlobMatches(cli, repo, "w.bin");
    }

    [Test]
    public async Task RangeIgnored_ServerAnswers200_RestartsFromZeroWithoutDuplicating()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        hub.Faults.CutBodyAfter(100_000, times: 1, host: FakeHost.Cdn);
        hub.Faults.IgnoreRange(times: 1, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await AssertBlobMatches(cli, repo, "w.bin");
    }

    [Test]
    [Arguments(500)]
    [Arguments(502)]
    [Arguments(503)]
    [Arguments(408)]
    [Arguments(429)]
    public async Task TransientStatus_OnEveryHost_Retried(int status)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true).AddFile("c.json", "{}");
        hub.Faults.Status(status, times: 1, host: FakeHost.Cdn);
        hub.Faults.Status(status, times: 1, pathContains: "/tree/");
        hub.Faults.Status(status, times: 1, pathContains: "/resolve/");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await AssertBlobMatches(cli, repo, "w.bin");
    }

    [Test]
    public async Task RateLimited_RetryAfterOneSecond_WaitsThenSucceeds()
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("c.json", "{}");
        hub.Faults.Status(429, times: 1, retryAfter: TimeSpan.FromSeconds(1), rateLimitHeader: true, pathContains: "/revision/");
        using var cli = new CliHarness(hub.ApiUrl);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(clock.Elapsed).IsGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    [Test]
    public async Task Stall_LongerThanTimeout_DroppedAndRetried()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        hub.Faults.Stall(TimeSpan.FromSeconds(30), times: 1, afterBytes: 50_000, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model", "--timeout", "1");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(hub.Requests.Where(r => r.Host == FakeHost.Cdn).Select(r => r.Range).Last()).IsEqualTo("bytes=50000-");
        await AssertBlobMatches(cli, repo, "w.bin");
    }

    [Test]
    public async Task SignedUrlExpired_MidDownload_ResolvesAgainAndContinues()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true);
        hub.Faults.CutBodyAfter(120_000, times: 1, host: FakeHost.Cdn);
        hub.Faults.ExpireSignedUrlsAfterUses(1);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(hub.Requests.Count(r => r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal))).IsEqualTo(2);
        await Assert.That(hub.Requests.Any(r => r.Host == FakeHost.Cdn && r.Status == 403)).IsTrue();
        await AssertBlobMatches(cli, repo, "w.bin");
    }

    [Test]
    public async Task FlippedByte_Once_DiscardedAndFetchedAgain()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true).AddFile("c.json", "{\"x\": 1}");
        hub.Faults.FlipByte(1234, times: 1, pathContains: "w.bin");
        hub.Faults.FlipByte(3, times: 1, pathContains: "c.json");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await AssertBlobMatches(cli, repo, "w.bin");
        await AssertBlobMatches(cli, repo, "c.json");
    }

    [Test]
    public async Task FlippedByte_Always_FailsThatFileOnlyWithBothHashes()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", Size, lfs: true).AddFile("c.json", "{}");
        hub.Faults.FlipByte(1234, times: 100, pathContains: "w.bin");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/model");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.All).Contains("w.bin");
        await Assert.That(result.All).Contains(repo.Sha256Of("w.bin"));
        var folder = Path.Combine(cli.HubCache, "models--org--model");
        await Assert.That(Directory.GetFiles(Path.Combine(folder, "blobs"))).IsEquivalentTo([Path.Combine(folder, "blobs", repo.GitSha1Of("c.json"))]);
        await Assert.That(File.Exists(Path.Combine(folder, "snapshots", repo.Commit, "w.bin"))).IsFalse();
        await Assert.That(Directory.Exists(Path.Combine(folder, "refs"))).IsFalse();
    }

    private static async Task AssertBlobMatches(CliHarness cli, FakeRepo repo, string path)
    {
        var link = Path.Combine(cli.HubCache, "models--org--model", "snapshots", repo.Commit, path);
        await Assert.That(HubServer.Sha256Hex(File.ReadAllBytes(link))).IsEqualTo(repo.Sha256Of(path));
    }
}
