using DownloadModels.Cache;
using DownloadModels.Engine;
using DownloadModels.Presets;
using DownloadModels.Repos;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// Free space is checked before anything is downloaded: bytes still to fetch (partials count as fetched, cached
/// and duplicate blobs not at all) against the cache filesystem's free bytes. A run that cannot fit exits 1 with
/// a message naming both sizes and --no-space-check, which skips the check. The Hub may declare any size; the
/// fake serves a 10 TB file's listing without ever producing its bytes.
/// </summary>
[Timeout(60_000)]
public sealed class DiskSpaceCheckTests
{
    private const string Commit = "1111111111111111111111111111111111111111";
    private const long TenTerabytes = 10L * 1000 * 1000 * 1000 * 1000;

    [Test]
    public async Task Check_NeedMoreThanFree_RefusesNamingBothSizesAndTheOverride(CancellationToken ct)
    {
        using var temp = new TempFolder();
        var cache = new HubCache(temp.Path);
        var plans = Plans(new RepoFile("a.bin", 600, TreeJson.SomeOid, new string('a', 64)));

        var refusal = DiskSpace.Check(plans, cache, _ => 599);
        var fits = DiskSpace.Check(plans, cache, _ => 600);

        await Assert.That(refusal).IsNotNull();
        await Assert.That(refusal!).Contains("not enough free space in " + cache.Root);
        await Assert.That(refusal).Contains("600 B still to fetch");
        await Assert.That(refusal).Contains("--no-space-check");
        await Assert.That(fits).IsNull();
    }

    [Test]
    public async Task Check_PartialsCachedDuplicatesAndFailedPlans_CountOnlyBytesStillToFetch(CancellationToken ct)
    {
        using var temp = new TempFolder();
        var cache = new HubCache(temp.Path);
        var shared = new RepoFile("x/w.bin", 1000, TreeJson.SomeOid, new string('b', 64));
        var partial = cache.Repo(new RepoId(RepoType.Model, "org/model")).IncompletePath(shared.Etag);
        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        File.WriteAllBytes(partial, new byte[400]);
        var cached = new RepoFile("c.bin", 5000, TreeJson.SomeOid, new string('c', 64));
        var request = new ModelRequest(ModelSpec.ForRepo("org/model", [], []), new RepoId(RepoType.Model, "org/model"));
        var plan = new ModelPlan(request, Commit, [new(shared, false), new(shared with { Path = "y/w.bin" }, false), new(cached, true)], []);
        IReadOnlyList<PlanOutcome> plans = [new(request, plan, null, TimeSpan.Zero), new(request, null, "failed to plan", TimeSpan.Zero)];

        await Assert.That(DiskSpace.BytesStillNeeded(plans, cache)).IsEqualTo(600);
        await Assert.That(DiskSpace.Check(plans, cache, _ => 600)).IsNull();
        await Assert.That(DiskSpace.Check(plans, cache, _ => 599)).IsNotNull();
        IReadOnlyList<PlanOutcome> allCached = [new(request, plan with { Files = [new(cached, true)] }, null, TimeSpan.Zero)];
        await Assert.That(DiskSpace.Check(allCached, cache, _ => 0)).IsNull();
    }

    [Test]
    public async Task Get_TenTerabyteFile_RefusedBeforeAnyDownloadWithExitOne(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/huge").AddFile("config.json", "{}");
        hub.Faults.Answer(TreeJson.Answer(TreeJson.Regular("config.json"), TreeJson.Lfs("model.safetensors", TenTerabytes)), pathContains: "/tree/");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/huge"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("not enough free space in " + cli.HubCache);
        await Assert.That(result.StdErr).Contains("--no-space-check");
        await Assert.That(hub.Requests.Where(r => r.Host == FakeHost.Cdn || r.PathAndQuery.Contains("resolve", StringComparison.Ordinal))).IsEmpty();
    }

    [Test]
    public async Task Get_TenTerabyteFileWithNoSpaceCheck_CheckSkippedAndDownloadAttempted(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/huge").AddFile("config.json", "{}");
        hub.Faults.Answer(TreeJson.Answer(TreeJson.Lfs("model.safetensors", TenTerabytes)), pathContains: "/tree/");
        // The fake knows no such file: the download itself fails at once, which is all this test needs.
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/huge", "--no-space-check"], ct);

        await Assert.That(result.All).DoesNotContain("not enough free space");
        await Assert.That(hub.Requests.Any(r => r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal))).IsTrue();
        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
    }

    private static IReadOnlyList<PlanOutcome> Plans(params RepoFile[] files)
    {
        var request = new ModelRequest(ModelSpec.ForRepo("org/model", [], []), new RepoId(RepoType.Model, "org/model"));
        return [new(request, new ModelPlan(request, Commit, [.. files.Select(f => new PlannedFile(f, false))], []), null, TimeSpan.Zero)];
    }
}
