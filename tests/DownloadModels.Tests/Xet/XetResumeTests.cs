using System.Diagnostics;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Reliability;
using DownloadModels.Tests.XetCrossCheck;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Xet;

using static DownloadModels.Tests.FakeHub.Xet.XetStandardFixtures;

/// <summary>
/// Resume to the chunk: a run stopped (Ctrl+C in-process, kill -9 of the published binary) keeps the chunks it
/// recorded in <c>{blob}.incomplete.xet</c>; the next run asks ranged reconstructions for the missing spans only,
/// so all runs together fetch little more than the file's xorb bytes once.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
[Timeout(180_000)]
public sealed class XetResumeTests(XetFixtures fixtures)
{
    [Test]
    public async Task Interrupted_NextRunAsksOnlyTheMissingSpans(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/resume").AddXetFile("model.bin", fixtures.Set, LargeRandom);
        var needed = fixtures.Set.XorbBytesNeeded(fixtures.File(LargeRandom));
        hub.Faults.ThrottleBytesPerSecond(400_000, host: FakeHost.Transfer);
        using var cli = new CliHarness(hub.ApiUrl);
        var blobs = Path.Combine(cli.HubCache, "models--org--resume", "blobs");
        var partial = Path.Combine(blobs, repo.Sha256Of("model.bin") + ".incomplete");

        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            stop.CancelAfter(TimeSpan.FromSeconds(4));
            var first = await cli.RunAsync(["get", "org/resume"], stop.Token);
            await Assert.That(first.ExitCode).IsNotEqualTo(0);
            await Assert.That(File.Exists(partial + ".xet")).IsTrue().Because(first + string.Join(",", Directory.Exists(blobs) ? Directory.GetFiles(blobs) : []));
        }

        var servedBefore = hub.Cas.XorbBytesServed;
        hub.Faults.Clear();
        var second = await cli.RunAsync(["get", "org/resume", "--json"], ct);

        await Assert.That(second.ExitCode).IsEqualTo(0).Because(second.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(servedBefore).IsGreaterThan(needed / 10);
        var ranged = hub.RequestsTo(FakeHost.Cas).Where(r => r.PathAndQuery.Contains("/reconstructions/", StringComparison.Ordinal) && r.Range is not null).ToList();
        await Assert.That(ranged.Count).IsGreaterThanOrEqualTo(1);
        await Assert.That(second.StdOut).Contains("\"resumed_from\": ");
        Console.WriteLine($"interrupted at {servedBefore:N0} of {needed:N0} xorb bytes; both runs {hub.Cas.XorbBytesServed:N0} = {(double)hub.Cas.XorbBytesServed / needed:F3}x");
        await Assert.That(hub.Cas.XorbBytesServed).IsLessThanOrEqualTo(needed * 115 / 100);
        await Assert.That(File.Exists(partial) || File.Exists(partial + ".xet")).IsFalse();
    }

    [Test]
    public async Task KillNine_FourTimes_PublishedBinaryFetchesAtMostOnePointOneFiveTimesTheXorbBytes(CancellationToken ct)
    {
        const int kills = 4;
        await using var hub = await HubServer.StartAsync();
        string[] ids = [LargeRandom, LargeText];
        var repo = hub.AddRepo("org/big").AddFile("config.json", "{}");
        foreach (var id in ids)
            repo.AddXetFile("weights/" + id, fixtures.Set, id);
        var needed = ids.Sum(id => fixtures.Set.XorbBytesNeeded(fixtures.File(id)));
        hub.Faults.ThrottleBytesPerSecond(1_000_000, host: FakeHost.Transfer);
        using var home = new TempHome();
        var run = home.Run().Env("HF_ENDPOINT", hub.ApiUrl);
        var hubCache = home.Sub(".cache/huggingface/hub");
        var blobs = Path.Combine(hubCache, "models--org--big", "blobs");
        var random = new Random(7);
        var recorded = new List<long>();

        for (var kill = 0; kill < kills; kill++)
        {
            var before = hub.RequestsTo(FakeHost.Transfer).Count;
            var killed = await run.RunAsync(["get", "org/big", "--transport", "xet", "--connections", "1"], TimeSpan.FromSeconds(60), async process =>
            {
                while (hub.RequestsTo(FakeHost.Transfer).Count <= before && !process.HasExited)
                    await Task.Delay(20, ct);
                await Task.Delay(random.Next(300, 900), ct);
                process.Kill();
                await process.WaitForExitAsync(ct);
            });
            await Assert.That(killed.ExitCode).IsNotEqualTo(0).Because(killed.ToString());
            recorded.Add(Directory.Exists(blobs) ? Directory.GetFiles(blobs, "*.incomplete.xet").Sum(f => new FileInfo(f).Length) : 0);
        }

        var final = await run.RunAsync(["get", "org/big", "--transport", "xet", "--connections", "1"], TimeSpan.FromSeconds(90), null);

        var served = hub.Cas.XorbBytesServed;
        Console.WriteLine($"kill -9 x{kills} on the Xet path: sidecars {string.Join(", ", recorded.Select(b => $"{b:N0}"))} B after each kill; "
            + $"xorb bytes served {served:N0} for {needed:N0} needed = {(double)served / needed:F3}x");
        await Assert.That(final.ExitCode).IsEqualTo(0).Because(final.ToString());
        await Assert.That(CacheCheck.Problems(hubCache, repo)).IsEmpty();
        await Assert.That((double)served / needed).IsLessThanOrEqualTo(1.15);
        await Assert.That(hub.RequestsTo(FakeHost.Cdn).Where(r => r.PathAndQuery.Contains("weights", StringComparison.Ordinal))).IsEmpty();
        await Assert.That(hub.RequestsTo(FakeHost.Cas).Count(r => r.Range is not null)).IsGreaterThanOrEqualTo(kills);
    }
}
