using System.Diagnostics;
using DownloadModels.Hub;
using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// Everything at once: a few hundred MB over a link with every fault armed, fetched by several native
/// processes into one cache while one of them is killed and started again. Every blob and every link must
/// verify, each process must succeed, and the bytes sent must stay close to the bytes needed.
/// </summary>
[Category(TestCategory.Host)]
[Timeout(240_000)]
public sealed class SoakTest
{
    private const long MiB = 1024 * 1024;
    private const int Seed = 20_240_501;
    private static readonly string RealBackoffMs = ((long)RetryPolicy.Default.BaseDelay.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task Soak_AllFaultsSeveralProcessesOneKilled_EveryBlobAndLinkVerifies(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repos = AddRepos(hub);
        var needed = repos.Sum(r => r.Paths.Select(p => (p, r)).DistinctBy(x => x.r.Sha256Of(x.p)).Sum(x => x.r.SizeOf(x.p)));
        var random = new Random(Seed);
        var faults = ArmEverything(hub, repos, random);
        using var home = new TempHome();
        var cacheDir = home.Sub("shared");
        string[] args = ["get", .. repos.Select(r => r.Id), "--cache-dir", cacheDir, "--timeout", "2", "--quiet"];
        // The product's own backoff (1 s doubling to 8 s), not the 20 ms knob other end-to-end tests run with: the
        // faults fire on the first matching requests, all within the run's first second, and a 20 ms schedule spends a
        // range's five retries in under half a second, so one range could take six of them in a row (and a 2 s stall
        // timeout on a starved 2-core CI machine as the last). A user's range waits out such a burst, and so does this one.
        BinaryRun Run() => home.Run().Env("HF_ENDPOINT", hub.ApiUrl).Env("DOWNLOAD_MODELS_RETRY_BASE_DELAY_MS", RealBackoffMs);
        var clock = Stopwatch.StartNew();

        var killed = Run().RunAsync([.. args, "--jobs", "8"], TimeSpan.FromSeconds(150), async process =>
        {
            await Task.Delay(random.Next(1500, 4000), ct);
            process.Kill();
        });
        var steady = Enumerable.Range(0, 3).Select(i => Run().RunAsync([.. args, "--jobs", (2 + (3 * i)).ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(150), null)).ToArray();
        var killedResult = await killed;
        var restarted = await Run().RunAsync([.. args, "--jobs", "4"], TimeSpan.FromSeconds(150), null);
        var results = await Task.WhenAll(steady);
        clock.Stop();

        var sent = CacheCheck.ContentBytesSent(hub);
        var retried = hub.Requests.Count(r => r.Aborted || r.Status is >= 400);
        var problems = repos.SelectMany(r => CacheCheck.Problems(Path.Combine(cacheDir, "hub"), r)).ToArray();
        Console.WriteLine($"soak: {repos.Sum(r => r.Paths.Count)} files, {needed / (double)MiB:F0} MiB needed, server sent {sent / (double)MiB:F0} MiB = {(double)sent / needed:F3}x; "
            + $"{faults.Skip(1).Sum(f => f.Fired)} faults fired, {retried} failed or cut answers, {hub.Requests.Count} requests; "
            + $"4 processes (one killed at once, then run again) in {clock.Elapsed.TotalSeconds:F1} s");
        await Assert.That(killedResult.ExitCode).IsNotEqualTo(0);
        foreach (var result in results.Append(restarted))
            await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(problems).IsEmpty();
        await Assert.That(faults.Skip(1).Sum(f => f.Fired)).IsGreaterThanOrEqualTo(40);
        await Assert.That((double)sent / needed).IsLessThanOrEqualTo(1.5);
        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(150));
        await Assert.That(hub.ServerErrors).IsEmpty();
    }

    private static FakeRepo[] AddRepos(HubServer hub)
    {
        var a = hub.AddRepo("soak/big").AddFile("config.json", "{\"big\": true}").AddFile("tokenizer.json", FakeHubContent.Random(400_000, 1), lfs: false)
            .AddFile("model.safetensors", 160 * MiB + 12_345, lfs: true);
        for (var i = 0; i < 4; i++)
            a.AddFile($"onnx/part-{i}.bin", (8 * MiB) + (i * 1000), lfs: true);
        var b = hub.AddRepo("soak/voices").AddFile("config.json", "{\"voices\": 20}").AddFile("model.pth", 64 * MiB, lfs: true);
        for (var i = 0; i < 20; i++)
            b.AddFile($"voices/v{i:00}.pt", 1 * MiB + (i * 777), lfs: true);
        var c = hub.AddRepo("soak/small").AddFile("config.json", "{}").AddFile("vocab.txt", FakeHubContent.Random(250_000, 2), lfs: false)
            .AddFile("1_Pooling/config.json", "{\"pooling\": \"mean\"}").AddFile("model.bin", 40 * MiB, lfs: true);
        return [a, b, c];
    }

    private static List<Fault> ArmEverything(HubServer hub, FakeRepo[] repos, Random random)
    {
        // Paced like a modest real link (per connection), so the run lasts long enough to be interrupted.
        var faults = new List<Fault> { hub.Faults.ThrottleBytesPerSecond(6 * MiB, host: FakeHost.Cdn) };
        for (var i = 0; i < 30; i++)
            faults.Add(hub.Faults.CutBodyAfter(random.NextInt64(10_000, 900_000), times: 1, host: FakeHost.Cdn, reset: i % 4 == 0));
        faults.Add(hub.Faults.CutBodyAfter(random.NextInt64(1_000, 200_000), times: 2, pathContains: "tokenizer.json", host: FakeHost.Api));
        faults.Add(hub.Faults.CutBodyAfter(random.NextInt64(1_000, 200_000), times: 1, pathContains: "vocab.txt", host: FakeHost.Api, reset: true));
        foreach (var status in new[] { 500, 502, 503, 504 })
        {
            faults.Add(hub.Faults.Status(status, times: 3, host: FakeHost.Cdn));
            faults.Add(hub.Faults.Status(status, times: 2, pathContains: "/resolve/"));
            faults.Add(hub.Faults.Status(status, times: 1, pathContains: "/revision/"));
            faults.Add(hub.Faults.Status(status, times: 1, pathContains: "/tree/"));
        }

        faults.Add(hub.Faults.Status(429, times: 2, retryAfter: TimeSpan.FromSeconds(1), rateLimitHeader: true, pathContains: "/resolve/"));
        faults.Add(hub.Faults.Status(429, times: 1, retryAfter: TimeSpan.FromSeconds(1), pathContains: "/tree/"));
        faults.Add(hub.Faults.Status(429, times: 2, retryAfter: TimeSpan.FromSeconds(1), rateLimitHeader: true, host: FakeHost.Cdn));
        faults.Add(hub.Faults.Stall(TimeSpan.FromSeconds(5), times: 5, afterBytes: random.NextInt64(0, 500_000), host: FakeHost.Cdn));
        faults.Add(hub.Faults.Stall(TimeSpan.FromSeconds(5), times: 1, afterBytes: 1000, pathContains: "vocab.txt", host: FakeHost.Api));
        faults.Add(hub.Faults.IgnoreRange(times: 3, host: FakeHost.Cdn));
        faults.Add(hub.Faults.WrongLength(times: 2, host: FakeHost.Cdn));
        faults.Add(hub.Faults.ExpireSignedUrlsAfterUses(2, times: 15));
        faults.Add(hub.Faults.FlipByte(123_456, times: 1, pathContains: repos[0].Sha256Of("onnx/part-1.bin")));
        faults.Add(hub.Faults.FlipByte(77, times: 1, pathContains: repos[1].Sha256Of("voices/v07.pt")));
        return faults;
    }
}
