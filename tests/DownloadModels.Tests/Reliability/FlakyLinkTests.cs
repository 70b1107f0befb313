using System.Diagnostics;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// A link that fails in every way at once, on the API, /resolve/ and the CDN: the run still finishes
/// with verified files, and resumes rather than restarts (bytes sent stay within 1.5x of the bytes needed).
/// </summary>
[Timeout(60_000)]
public sealed class FlakyLinkTests
{
    [Test]
    [Arguments(1)]
    [Arguments(2)]
    [Arguments(3)]
    public async Task FlakyLink_CutsErrorsRateLimitsAndStalls_CompletesVerifiedWithinOnePointFiveTimesTheBytes(int seed, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/flaky")
            .AddFile("config.json", "{\"hidden_size\": 384}\n")
            .AddFile("tokenizer.json", FakeHubContent.Random(300_000, seed), lfs: false)
            .AddFile("vocab.txt", FakeHubContent.Random(120_000, seed + 1), lfs: false);
        for (var i = 0; i < 6; i++)
            repo.AddFile($"weights/part-{i}.safetensors", 400_000 + (i * 350_000), lfs: true);
        var needed = repo.Paths.Sum(repo.SizeOf);
        var faults = ArmFlakyLink(hub, new Random(seed));
        using var cli = new CliHarness(hub.ApiUrl);
        var clock = Stopwatch.StartNew();

        var result = await cli.RunAsync(["get", "org/flaky", "--timeout", "1", "--jobs", "4"], ct);

        clock.Stop();
        var sent = CacheCheck.ContentBytesSent(hub);
        var fired = faults.Sum(f => f.Fired);
        Console.WriteLine($"flaky link (seed {seed}): needed {needed:N0} B, server sent {sent:N0} B = {(double)sent / needed:F3}x; "
            + $"{fired} faults fired, {hub.Requests.Count} requests, {clock.Elapsed.TotalSeconds:F1} s");
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(fired).IsGreaterThanOrEqualTo(15);
        await Assert.That(sent).IsLessThanOrEqualTo(needed * 3 / 2);
        await Assert.That(hub.ServerErrors).IsEmpty();
    }

    [Test]
    public async Task WrongLength_EveryAnswerOneByteShort_FailsInBoundedTimeWithoutLinking(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", 200_000, lfs: true).AddFile("ok.bin", 50_000, lfs: true);
        hub.Faults.WrongLength(times: int.MaxValue, pathContains: repo.Sha256Of("w.bin"), host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);
        var clock = Stopwatch.StartNew();

        var result = await cli.RunAsync(["get", "org/model", "--retries", "3"], ct);

        var sent = hub.Requests.Where(r => r.Host == FakeHost.Cdn && r.PathAndQuery.Contains(repo.Sha256Of("w.bin"), StringComparison.Ordinal)).Sum(r => r.BodyBytesSent);
        Console.WriteLine($"always one byte short: {clock.Elapsed.TotalSeconds:F1} s, {sent:N0} B sent for a 200,000 B file");
        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(20));
        await Assert.That(result.All).Contains("w.bin");
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo, ["ok.bin"], leftovers: false)).IsEmpty();
        await Assert.That(File.Exists(Path.Combine(cli.HubCache, "models--org--model", "snapshots", repo.Commit, "w.bin"))).IsFalse();
        await Assert.That(File.Exists(Path.Combine(cli.HubCache, "models--org--model", "blobs", repo.Sha256Of("w.bin")))).IsFalse();
    }

    [Test]
    public async Task WrongLength_Once_ContinuesAndVerifies(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", 300_000, lfs: true).AddFile("c.txt", FakeHubContent.Random(40_000, 5), lfs: false);
        hub.Faults.WrongLength(times: 1, host: FakeHost.Cdn);
        hub.Faults.WrongLength(times: 1, pathContains: "c.txt", host: FakeHost.Api);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(CacheCheck.ContentBytesSent(hub)).IsLessThanOrEqualTo(340_000 + 2);
    }

    [Test]
    public async Task RangeIgnored_OnEveryRetry_StillCompletesVerified(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", 300_000, lfs: true);
        hub.Faults.CutBodyAfter(120_000, times: 2, host: FakeHost.Cdn);
        hub.Faults.IgnoreRange(times: int.MaxValue, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
    }

    [Test]
    public async Task SignedUrls_ExpireRepeatedlyDuringALargeFile_ResolvedAgainAndContinued(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("big.bin", 3_000_000, lfs: true);
        // Every signed URL works for one request only, and the body is cut four times: four expiries.
        hub.Faults.ExpireSignedUrlsAfterUses(1, times: int.MaxValue);
        hub.Faults.CutBodyAfter(500_000, times: 4, host: FakeHost.Cdn);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(hub.Requests.Count(r => r.Host == FakeHost.Cdn && r.Status == 403)).IsGreaterThanOrEqualTo(3);
        await Assert.That(CacheCheck.ContentBytesSent(hub)).IsLessThanOrEqualTo(3_000_000 + 200_000);
    }

    /// <summary>Arms a random mix of every fault on every kind of request; returns them so the test can count firings.</summary>
    private static List<Fault> ArmFlakyLink(HubServer hub, Random random)
    {
        var faults = new List<Fault>();
        for (var i = 0; i < 8; i++)
            faults.Add(hub.Faults.CutBodyAfter(random.NextInt64(1_000, 380_000), times: 1, host: FakeHost.Cdn, reset: i % 3 == 0));
        faults.Add(hub.Faults.CutBodyAfter(random.NextInt64(1_000, 100_000), times: 2, pathContains: "tokenizer.json", host: FakeHost.Api));
        faults.Add(hub.Faults.CutBodyAfter(random.NextInt64(1_000, 100_000), times: 1, pathContains: "vocab.txt", host: FakeHost.Api, reset: true));
        foreach (var status in new[] { 500, 502, 503, 504 })
        {
            faults.Add(hub.Faults.Status(status, times: 1, host: FakeHost.Cdn));
            faults.Add(hub.Faults.Status(status, times: 1, pathContains: "/resolve/"));
        }

        faults.Add(hub.Faults.Status(503, times: 2, pathContains: "/revision/"));
        faults.Add(hub.Faults.Status(502, times: 1, pathContains: "/tree/"));
        faults.Add(hub.Faults.Status(429, times: 1, retryAfter: TimeSpan.FromSeconds(1), rateLimitHeader: true, pathContains: "/tree/"));
        faults.Add(hub.Faults.Status(429, times: 1, retryAfter: TimeSpan.FromSeconds(1), pathContains: "/resolve/"));
        faults.Add(hub.Faults.Status(429, times: 1, rateLimitHeader: true, retryAfter: TimeSpan.FromSeconds(1), host: FakeHost.Cdn));
        faults.Add(hub.Faults.Stall(TimeSpan.FromSeconds(4), times: 2, afterBytes: random.NextInt64(0, 300_000), host: FakeHost.Cdn));
        faults.Add(hub.Faults.Stall(TimeSpan.FromSeconds(4), times: 1, afterBytes: random.NextInt64(0, 100_000), pathContains: "tokenizer.json", host: FakeHost.Api));
        return faults;
    }
}
