using System.Diagnostics;
using System.Runtime.InteropServices;
using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// Ctrl+C and SIGTERM in the middle of a model: the process stops within 2 s with 130/143, says which files
/// were finished and that the partial is kept; the next run links what was finished and continues the partial.
/// </summary>
[Category(TestCategory.Host)]
[Timeout(120_000)]
public sealed class InterruptionTests
{
    [Test]
    [NotInParallel] // a bound on wall time (stop within 2 s): measured alone, not beside the rest of the suite's load
    [Arguments(PosixSignal.SIGINT, 130)]
    [Arguments(PosixSignal.SIGTERM, 143)]
    public async Task Signal_AfterSomeFilesFinished_StopsWithinTwoSecondsPrintsThemAndNextRunContinues(PosixSignal signal, int expectedCode, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("config.json", "{\"a\": 1}").AddFile("tokenizer.json", FakeHubContent.Random(30_000, 9), lfs: false)
            .AddFile("weights.safetensors", 6_000_000, lfs: true);
        hub.Faults.ThrottleBytesPerSecond(1_000_000, pathContains: repo.Sha256Of("weights.safetensors"), host: FakeHost.Cdn);
        using var home = new TempHome();
        var run = home.Run().Env("HF_ENDPOINT", hub.ApiUrl);
        var hubCache = home.Sub(".cache/huggingface/hub");
        var partial = Path.Combine(hubCache, "models--org--model", "blobs", repo.Sha256Of("weights.safetensors") + ".incomplete");
        var stoppedIn = TimeSpan.Zero;

        var interrupted = await run.RunAsync(["get", "org/model", "--connections", "1", "--verbose"], TimeSpan.FromSeconds(60), async process =>
        {
            while (!File.Exists(partial) || new FileInfo(partial).Length < 1_000_000)
                await Task.Delay(20, ct);
            BinaryRun.Signal(process, signal);
            var clock = Stopwatch.StartNew();
            await process.WaitForExitAsync(ct);
            stoppedIn = clock.Elapsed;
        });
        var kept = new FileInfo(partial).Length;
        var cdnBefore = hub.RequestsTo(FakeHost.Cdn).Count;
        var resumed = await run.RunAsync("get", "org/model");
        // The next run continues the plain prefix as a stream would; the link is slow, so it may then split the rest.
        var resumedCdn = hub.RequestsTo(FakeHost.Cdn).Skip(cdnBefore).ToList();

        await Assert.That(interrupted.ExitCode).IsEqualTo(expectedCode).Because(interrupted.ToString());
        await Assert.That(stoppedIn).IsLessThan(TimeSpan.FromSeconds(2));
        await Assert.That(interrupted.StdErr).Contains("config.json");
        await Assert.That(interrupted.StdErr).Contains("tokenizer.json");
        await Assert.That(interrupted.StdErr).Contains("stopped with 2 of 3 files in place");
        await Assert.That(interrupted.StdErr).Contains("partial files are kept");
        await Assert.That(interrupted.All).DoesNotContain("   at ");
        await Assert.That(kept).IsGreaterThanOrEqualTo(1_000_000);
        await Assert.That(resumed.ExitCode).IsEqualTo(0).Because(resumed.ToString());
        await Assert.That(CacheCheck.Problems(hubCache, repo)).IsEmpty();
        await Assert.That(resumedCdn[0].Range).IsEqualTo($"bytes={kept}-");
        await Assert.That(resumedCdn.All(r => r.Range is { } range && long.Parse(range["bytes=".Length..range.IndexOf('-')], System.Globalization.CultureInfo.InvariantCulture) >= kept)).IsTrue();
        await Assert.That(hub.Requests.Count(r => r.PathAndQuery.Contains("tokenizer.json", StringComparison.Ordinal) && r.PathAndQuery.Contains("resolve-cache", StringComparison.Ordinal))).IsEqualTo(1);
    }
}
