using System.Text.Json.Nodes;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.FakeHub.Xet;
using DownloadModels.Tests.Reliability;
using DownloadModels.Tests.XetCrossCheck;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Xet;

using static XetStandardFixtures;

/// <summary>
/// The Xet path end to end (in-process CLI) against the fake CAS, whose files and xorbs @huggingface/hub's own uploader
/// made and whose protocol the JS client's downloadFile checks (XetCrossCheck): the files come from xorbs only, are
/// verified and land in the same cache as over HTTP; the Hub token never leaves the Hub; v1 fallback, expired URLs
/// and tokens, 429/5xx, stalls and corrupted chunks are survived; a store that is absent or broken falls back to HTTP.
/// </summary>
[Category(TestCategory.Host)]
[ClassDataSource<XetFixtures>(Shared = SharedType.PerTestSession)]
[Timeout(120_000)]
public sealed class XetDownloadTests(XetFixtures fixtures)
{
    private static readonly string[] SomeFiles = [SmallRandom, SmallText, SmallFloats, LargeRandom, LargeFloats, ModelV1];

    private FakeRepo AddFiles(HubServer hub, string repoId, params string[] ids)
    {
        var repo = hub.AddRepo(repoId).AddFile("config.json", "{\"hidden_size\": 8}\n");
        foreach (var id in ids)
            repo.AddXetFile("weights/" + id, fixtures.Set, id);
        return repo;
    }

    private long XorbBytesNeeded(params string[] ids) => ids.Sum(id => fixtures.Set.XorbBytesNeeded(fixtures.File(id)));

    [Test]
    public async Task Get_XetFiles_ComeFromXorbsOnlyVerifiedIntoTheUsualCache(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddFiles(hub, "org/xet", SomeFiles);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/xet", "--json"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        // No LFS byte from the CDN (the bridge): only config.json, a plain git file, comes over resolve/.
        await Assert.That(hub.RequestsTo(FakeHost.Cdn).Where(r => r.PathAndQuery.Contains("weights", StringComparison.Ordinal))).IsEmpty();
        await Assert.That(hub.Cas.XorbBytesServed).IsLessThanOrEqualTo(XorbBytesNeeded(SomeFiles) * 105 / 100);
        await Assert.That(hub.RequestsTo(FakeHost.Transfer).All(r => r.Status == 206)).IsTrue();
        var files = JsonNode.Parse(result.StdOut)!["repos"]![0]!["files"]!.AsArray();
        foreach (var file in files)
        {
            var expected = file!["path"]!.GetValue<string>().StartsWith("weights/", StringComparison.Ordinal) ? "xet" : "http";
            await Assert.That(file["transport"]!.GetValue<string>()).IsEqualTo(expected);
        }

        var weights = files.Where(f => f!["transport"]!.GetValue<string>() == "xet").Sum(f => f!["bytes_fetched"]!.GetValue<long>());
        await Assert.That(weights).IsEqualTo(hub.Cas.XorbBytesServed);
        await Assert.That(File.ReadAllText(Path.Combine(cli.HubCache, "models--org--xet", "trees", repo.Commit + ".json"))).Contains(fixtures.File(ModelV1).XetHash);
        await Assert.That(hub.ServerErrors).IsEmpty();
    }

    [Test]
    public async Task PrivateRepo_HubTokenGoesToTheHubOnly(CancellationToken ct)
    {
        const string secret = "hf_secret_xet_test_token";
        await using var hub = await HubServer.StartAsync();
        var repo = AddFiles(hub, "org/private", ModelV1, SmallText);
        repo.Private = true;
        repo.ApprovedTokens.Add(secret);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/private", "--token", secret], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(hub.Cas.RequestsCarrying(secret)).IsEmpty();
        await Assert.That(hub.RequestsTo(FakeHost.Transfer).Count).IsGreaterThan(0);
        await Assert.That(hub.RequestsTo(FakeHost.Transfer).All(r => r.Header("Authorization") is null)).IsTrue();
        await Assert.That(hub.RequestsTo(FakeHost.Cas).All(r => r.Header("Authorization")?.StartsWith("Bearer xet_", StringComparison.Ordinal) == true)).IsTrue();
        await Assert.That(hub.RequestsTo(FakeHost.Api).Where(r => r.PathAndQuery.Contains("xet-read-token", StringComparison.Ordinal))
            .All(r => r.Header("Authorization") == "Bearer " + secret)).IsTrue();
    }

    [Test]
    [Arguments(404)]
    [Arguments(501)]
    public async Task V2Missing_FallsBackToV1(int status, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddFiles(hub, "org/v1", ModelV2, LargeText);
        hub.Cas.V2Status = status;
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/v1"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        // v2 is asked at most once per file started before the first v1 answer; then the run remembers v1.
        await Assert.That(hub.RequestsTo(FakeHost.Cas).Count(r => r.PathAndQuery.StartsWith("/v2/", StringComparison.Ordinal))).IsBetween(1, 2);
        await Assert.That(hub.RequestsTo(FakeHost.Cas).Count(r => r.PathAndQuery.StartsWith("/v1/", StringComparison.Ordinal) && r.Status == 200)).IsGreaterThanOrEqualTo(2);
        await Assert.That(hub.RequestsTo(FakeHost.Cdn).Where(r => r.PathAndQuery.Contains("weights", StringComparison.Ordinal))).IsEmpty();
    }

    [Test]
    public async Task OneRangePerUrl_ManyRequestsStillOnlySignedRanges(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddFiles(hub, "org/split", ModelV2);
        hub.Cas.MaxRangesPerUrl = 1;
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/split"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(hub.RequestsTo(FakeHost.Transfer).All(r => r.Status == 206 && r.Range?.Contains(',') == false)).IsTrue();
    }

    [Test]
    public async Task ExpiredXorbUrls_ReconstructionAskedAgainForWhatIsMissing(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddFiles(hub, "org/expired", ModelV2);
        var expired = hub.Faults.ExpireXorbUrls(TimeSpan.Zero, times: 2);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/expired"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(expired.Fired).IsEqualTo(2);
        await Assert.That(hub.RequestsTo(FakeHost.Transfer).Count(r => r.Status == 403)).IsGreaterThan(0);
        await Assert.That(hub.Cas.ReconstructionsServed).IsEqualTo(3);
    }

    [Test]
    public async Task ExpiredAndRevokedTokens_RefreshedFromTheTokenRoute(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddFiles(hub, "org/tokens", ModelV1, LargeRandom);
        hub.Faults.ExpireXetTokens(TimeSpan.Zero, times: 1);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/tokens"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(hub.RequestsTo(FakeHost.Cas).Count(r => r.Status == 401)).IsGreaterThan(0);
        await Assert.That(hub.Cas.TokensIssued).IsEqualTo(2);
    }

    [Test]
    public async Task RateLimitsAndServerErrors_OnCasAndXorbs_Retried(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddFiles(hub, "org/busy", ModelV2, LargeFloats);
        var casBusy = hub.Faults.Status(429, times: 2, retryAfter: TimeSpan.FromMilliseconds(50), host: FakeHost.Cas);
        var casDown = hub.Faults.Status(503, times: 1, host: FakeHost.Cas);
        var xorbBusy = hub.Faults.Status(500, times: 3, host: FakeHost.Transfer);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/busy"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(casBusy.Fired + casDown.Fired + xorbBusy.Fired).IsEqualTo(6);
        await Assert.That(result.StdErr).DoesNotContain("downloading over HTTP");
    }

    [Test]
    public async Task StalledXorbBody_DroppedWithinTheTimeoutAndFetchedAgain(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddFiles(hub, "org/stall", LargeText);
        var stall = hub.Faults.Stall(TimeSpan.FromSeconds(60), times: 1, afterBytes: 100_000, host: FakeHost.Transfer);
        using var cli = new CliHarness(hub.ApiUrl);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await cli.RunAsync(["get", "org/stall", "--timeout", "1"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(stall.Fired).IsEqualTo(1);
        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(30));
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        // The span already written is not fetched again.
        await Assert.That(hub.Cas.XorbBytesServed).IsLessThanOrEqualTo(XorbBytesNeeded(LargeText) * 3 / 2);
    }

    [Test]
    public async Task CorruptedChunkOnce_FetchedAgainAndVerified(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddFiles(hub, "org/corrupt", LargeFloats);
        var file = fixtures.File(LargeFloats);
        var xorb = fixtures.Set.Xorbs[file.Terms[0].Xorb];
        var chunk = Enumerable.Range(file.Terms[0].Start, file.Terms[0].End - file.Terms[0].Start).First(i => xorb.Chunks[i].Scheme != 0);
        var corrupt = hub.Faults.CorruptXorbChunk(xorb.Hash, chunk, times: 1);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/corrupt", "--transport", "xet"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(corrupt.Fired).IsEqualTo(1);
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
    }

    [Test]
    public async Task UncompressedChunkCorruptedEveryTime_TransportXet_FailsNamingTheHashKeepsNothing(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddFiles(hub, "org/bad", SmallRandom);
        var file = fixtures.File(SmallRandom);
        var xorb = fixtures.Set.Xorbs[file.Terms[0].Xorb];
        // A stored (scheme 0) chunk decodes whatever its bytes: only the file hashes can catch it.
        var chunk = Enumerable.Range(file.Terms[0].Start, file.Terms[0].End - file.Terms[0].Start).First(i => xorb.Chunks[i].Scheme == 0);
        hub.Faults.CorruptXorbChunk(xorb.Hash, chunk, times: int.MaxValue);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/bad", "--transport", "xet"], ct);

        await Assert.That(result.ExitCode).IsNotEqualTo(0);
        await Assert.That(result.StdErr).Contains("xet hash");
        await Assert.That(result.StdErr).Contains(file.XetHash);
        var blobs = Path.Combine(cli.HubCache, "models--org--bad", "blobs");
        await Assert.That(Directory.Exists(blobs) ? Directory.GetFiles(blobs).Where(f => f.Contains(repo.Sha256Of("weights/" + SmallRandom), StringComparison.Ordinal)) : []).IsEmpty();
    }

    [Test]
    public async Task UncompressedChunkCorruptedEveryTime_Auto_FallsBackToHttpOnceWithOneLine(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddFiles(hub, "org/bad", SmallRandom, SmallText);
        var file = fixtures.File(SmallRandom);
        var xorb = fixtures.Set.Xorbs[file.Terms[0].Xorb];
        var chunk = Enumerable.Range(file.Terms[0].Start, file.Terms[0].End - file.Terms[0].Start).First(i => xorb.Chunks[i].Scheme == 0);
        hub.Faults.CorruptXorbChunk(xorb.Hash, chunk, times: int.MaxValue);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/bad", "--jobs", "1"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(result.StdErr.Split('\n').Count(l => l.Contains("downloading over HTTP", StringComparison.Ordinal))).IsEqualTo(1);
    }

    [Test]
    public async Task CasUnreachable_Auto_OneLineThenEverythingOverHttp(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddFiles(hub, "org/nocas", SmallRandom, SmallText, ModelV1);
        hub.Cas.Unreachable = true;
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/nocas"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(result.StdErr.Split('\n').Count(l => l.Contains("downloading over HTTP", StringComparison.Ordinal))).IsEqualTo(1);
    }

    [Test]
    public async Task CasUnreachable_TransportXet_FailsSayingSo(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        AddFiles(hub, "org/nocas", SmallRandom);
        hub.Cas.Unreachable = true;
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/nocas", "--transport", "xet", "--retries", "1"], ct);

        await Assert.That(result.ExitCode).IsNotEqualTo(0);
        await Assert.That(result.StdErr).Contains("--transport xet");
        await Assert.That(hub.RequestsTo(FakeHost.Cdn).Where(r => r.PathAndQuery.Contains("weights", StringComparison.Ordinal))).IsEmpty();
    }

    [Test]
    public async Task CasAnswersNonsense_Auto_FallsBackWithOneLine(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddFiles(hub, "org/nonsense", SmallText, ModelV1);
        hub.Faults.Answer(CustomAnswer.Json("{\"terms\": 5}"), host: FakeHost.Cas);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/nonsense", "--retries", "1"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(result.StdErr.Split('\n').Count(l => l.Contains("downloading over HTTP", StringComparison.Ordinal))).IsEqualTo(1);
    }

    [Test]
    [Arguments("--transport", "http")]
    [Arguments("HF_HUB_DISABLE_XET", "1")]
    public async Task HttpForced_NoRequestToTheXetStore(string name, string value, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = AddFiles(hub, "org/http", ModelV1);
        using var cli = new CliHarness(hub.ApiUrl);
        string[] args = name.StartsWith("--", StringComparison.Ordinal) ? ["get", "org/http", "--json", name, value] : ["get", "org/http", "--json"];
        if (!name.StartsWith("--", StringComparison.Ordinal))
            cli.Env(name, value);

        var result = await cli.RunAsync(args, ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(hub.RequestsTo(FakeHost.Cas)).IsEmpty();
        await Assert.That(hub.RequestsTo(FakeHost.Transfer)).IsEmpty();
        await Assert.That(hub.RequestsTo(FakeHost.Api).Where(r => r.PathAndQuery.Contains("xet-read-token", StringComparison.Ordinal))).IsEmpty();
        await Assert.That(result.StdOut).Contains("\"transport\": \"http\"");
    }

    [Test]
    public async Task EndpointWithoutXet_PlainLfs_HttpSilently(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/plain").AddFile("model.bin", 300_000, lfs: true);
        repo.XetBacked = false;
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/plain"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(hub.RequestsTo(FakeHost.Cas)).IsEmpty();
        await Assert.That(result.StdErr).DoesNotContain("Xet");
    }

    [Test]
    public async Task DryRun_SaysWhichTransportWouldCarryEachFile(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        AddFiles(hub, "org/plan", ModelV1);
        using var cli = new CliHarness(hub.ApiUrl);

        var text = await cli.RunAsync(["get", "org/plan", "--dry-run"], ct);
        var http = await cli.RunAsync(["get", "org/plan", "--dry-run", "--transport", "http"], ct);

        await Assert.That(text.StdOut).Contains("weights/model-v1.safetensors");
        await Assert.That(text.StdOut.Split('\n').Single(l => l.Contains("model-v1", StringComparison.Ordinal))).EndsWith("to fetch (xet)");
        await Assert.That(text.StdOut.Split('\n').Single(l => l.Contains("config.json", StringComparison.Ordinal))).EndsWith("to fetch");
        await Assert.That(http.StdOut).DoesNotContain("to fetch (xet)");
        await Assert.That(hub.RequestsTo(FakeHost.Transfer)).IsEmpty();
    }

    [Test]
    public async Task ListingWithoutXetHash_TransportXet_RecognisedFromTheResolveHeaders(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/probe").AddXetFile("model.bin", fixtures.Set, ModelV1);
        var file = fixtures.File(ModelV1);
        // A listing as an older Hub (or a lock from before xet hashes) gives it: lfs, no xetHash.
        var listing = new JsonArray(new JsonObject
        {
            ["type"] = "file", ["path"] = "model.bin", ["oid"] = repo.OidOf("model.bin"), ["size"] = file.Size,
            ["lfs"] = new JsonObject { ["oid"] = file.Sha256, ["size"] = file.Size, ["pointerSize"] = 134 },
        });
        hub.Faults.Answer(CustomAnswer.Json(listing.ToJsonString()), pathContains: "/tree/", host: FakeHost.Api);
        using var cli = new CliHarness(hub.ApiUrl);

        var auto = await cli.RunAsync(["get", "org/probe", "--dry-run"], ct);
        var result = await cli.RunAsync(["get", "org/probe", "--transport", "xet", "--json"], ct);

        await Assert.That(auto.StdOut).DoesNotContain("(xet)");
        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
        await Assert.That(result.StdOut).Contains("\"transport\": \"xet\"");
        // One HEAD on resolve/, its 302 not followed: nothing from the CDN.
        await Assert.That(hub.RequestsTo(FakeHost.Api).Count(r => r.Method == "HEAD" && r.PathAndQuery.Contains("/resolve/", StringComparison.Ordinal))).IsEqualTo(1);
        await Assert.That(hub.RequestsTo(FakeHost.Cdn)).IsEmpty();
        await Assert.That(hub.Cas.XorbBytesServed).IsGreaterThanOrEqualTo(fixtures.Set.XorbBytesNeeded(file));
    }
}
