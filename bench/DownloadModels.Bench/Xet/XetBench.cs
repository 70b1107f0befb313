using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DownloadModels.Bench.Measuring;
using DownloadModels.Bench.Processes;
using DownloadModels.Bench.Report;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.FakeHub.Xet;

namespace DownloadModels.Bench.Xet;

/// <summary>
/// The Xet scenarios (issues 21 and 22), on the fake hub's CAS serving xorbs that <c>@huggingface/hub</c>'s own
/// uploader made (tests/xet-oracle):
/// <list type="bullet">
/// <item><c>xet</c>: one model file, by download-models <c>--transport xet</c>, download-models <c>--transport http</c>
///   (the bridge: the 302 to plain bytes) and the JS library's <c>downloadFile</c>, on loopback and with every xorb
///   (and CDN) answer paced per connection;</item>
/// <item><c>revision-upgrade</c>: v2 of a file with v1 already in the cache (a few spots changed, data appended):
///   download-models over Xet and over HTTP, each with v1 fetched first the same way, against the JS client, which
///   has no cache and fetches v2 whole.</item>
/// </list>
/// Prints time, bytes on the wire (every body byte the hub sent for the run, JSON included), peak RSS, and the
/// targets. A binary without <c>--transport</c> gets FAILED rows and "not measured" targets, never numbers.
/// </summary>
internal sealed class XetBench(FakeHub hub, BenchOptions options, IReadOnlyDictionary<string, string> environment, string logs)
{
    public const string Key = "xet";
    public const string UpgradeKey = "revision-upgrade";
    private const string ModelRepo = "bench/xet-model";
    private const string UpgradeRepo = "bench/xet-upgrade";
    private const string FileName = "model.safetensors";
    private const string XetTool = "download-models --transport xet";
    private const string HttpTool = "download-models --transport http";
    private const string LearntTool = "download-models xet, v1 over http";
    private const string JsTool = "@huggingface/hub downloadFile";
    private const double RssLimitMb = 64e6 / (1024 * 1024);

    public static bool IsKey(string key) => key is Key or UpgradeKey;

    public async Task<(IReadOnlyList<Target> Targets, bool Ok)> RunAsync(IReadOnlyList<string> keys)
    {
        var transportMissing = await TransportMissingAsync();
        if (transportMissing is not null)
        {
            Console.WriteLine($"  {transportMissing}: its Xet rows are FAILED and the Xet targets not measured.");
        }

        var targets = new List<Target>();
        var ok = transportMissing is null;
        if (keys.Contains(Key))
        {
            var (t, good) = await ModelAsync(transportMissing);
            targets.AddRange(t);
            ok &= good;
        }

        if (keys.Contains(UpgradeKey))
        {
            var (t, good) = await UpgradeAsync(transportMissing);
            targets.AddRange(t);
            ok &= good;
        }

        return (targets, ok);
    }

    private async Task<(IReadOnlyList<Target>, bool)> ModelAsync(string? transportMissing)
    {
        var size = options.Quick ? 48 << 20 : 256 << 20;
        Console.WriteLine();
        Console.WriteLine($"Xet: one {size / 1e6:N0} MB model file (float32 weights) made into xorbs by @huggingface/hub's createXorbs:");
        var set = await XetOracle.BuildAsync([new XetUpload("model", [new XetInput(FileName, Model(size, 50))])], OracleCache());
        var file = set.File(FileName);
        hub.AddRepo(ModelRepo).AddXetFile(FileName, set, FileName);
        var needed = set.XorbBytesNeeded(file);
        Console.WriteLine($"  {set.XorbsOf(file).Count} xorb(s), {file.Chunks.Count} chunks, {needed / 1e6:N1} MB of xorb bytes for {file.Size / 1e6:N1} MB of file");

        var contenders = new List<Contender>
        {
            new(XetTool, true, target => DmArgs(ModelRepo, target, "xet"), transportMissing),
            new(HttpTool, false, target => DmArgs(ModelRepo, target, "http"), transportMissing),
            Js(ModelRepo),
        };
        var targets = new List<Target>();
        var ok = true;
        foreach (var paced in new[] { false, true })
        {
            var title = paced ? $"paced to {options.ThrottleMbps} MB/s per connection (xorb and CDN answers)" : "loopback";
            var results = await MeasureAsync($"xet-{(paced ? "paced" : "loopback")}", title, contenders, file, paced, prefill: null);
            ok &= results.All(r => r.Ok);
            var xet = results[0];
            targets.Add(Ratio($"Xet path vs our bridge path ({title})", xet, results[1], "<= 1.00x its wall time", 1.0));
            targets.Add(Ratio($"Xet path vs @huggingface/hub downloadFile ({title})", xet, results[2], "<= 0.50x its wall time", 0.5));
            if (!paced)
            {
                targets.Add(xet.Ok
                    ? Target.Check("Xet path: bytes on the wire vs the xorb bytes the file needs", $"{xet.WireBytes / 1e6:N2} MB / {needed / 1e6:N2} MB = {xet.WireBytes / (double)needed:0.000}x", "<= 1.05x", xet.WireBytes <= 1.05 * needed)
                    : Target.Missing("Xet path: bytes on the wire vs the xorb bytes the file needs", "<= 1.05x", xet.Failure));
            }

            targets.Add(xet.Ok
                ? Target.Check($"Xet path: peak RSS ({title})", $"{xet.PeakRssMb:0.0} MiB", $"< 64 MB ({RssLimitMb:0.0} MiB)", xet.PeakRssMb < RssLimitMb)
                : Target.Missing($"Xet path: peak RSS ({title})", "< 64 MB", xet.Failure));
        }

        return (targets, ok);
    }

    private async Task<(IReadOnlyList<Target>, bool)> UpgradeAsync(string? transportMissing)
    {
        var size = options.Quick ? 24 << 20 : 128 << 20;
        Console.WriteLine();
        Console.WriteLine($"Revision upgrade: v2 of a {size / 1e6:N0} MB model file with v1 in the cache (4 spots changed, 2% appended):");
        var v1 = Model(size, 60);
        var set = await XetOracle.BuildAsync(
            [new XetUpload("v1", [new XetInput("v1", v1)]), new XetUpload("v2", [new XetInput("v2", XetInputs.Revise(v1, edits: 4, appended: size / 50, seed: 61))])],
            OracleCache());
        var (f1, f2) = (set.File("v1"), set.File("v2"));
        var repo = hub.AddRepo(UpgradeRepo).AddXetFile(FileName, set, "v1");
        var v1Commit = repo.Commit;
        repo.SetCommit(HubHashesSha1("bench/xet-upgrade v2")).AddXetFile(FileName, set, "v2");
        var newChunks = f2.Terms.Where(t => set.Xorbs[t.Xorb].Upload == "v2")
            .SelectMany(t => Enumerable.Range(t.Start, t.End - t.Start).Select(i => (t.Xorb, i))).Distinct()
            .Sum(c => (long)set.Xorbs[c.Xorb].Chunks[c.i].PackedLength);
        var changed = f2.Terms.Where(t => set.Xorbs[t.Xorb].Upload == "v2").Sum(t => t.UnpackedLength);
        var json = await ReconstructionJsonBytesAsync(f2.XetHash);
        Console.WriteLine($"  v2 reuses {f2.DedupRatio:P1} of its bytes from v1's xorbs; new: {changed / 1e6:N2} MB of chunks ({changed / (double)f2.Size:P1} of the file), "
            + $"{newChunks / 1e6:N2} MB compressed; its reconstruction JSON: {json:N0} bytes");

        var contenders = new List<Contender>
        {
            new(XetTool, true, target => DmArgs(UpgradeRepo, target, "xet"), transportMissing, target => DmArgs(UpgradeRepo, target, "xet", v1Commit)),
            new(HttpTool, false, target => DmArgs(UpgradeRepo, target, "http"), transportMissing, target => DmArgs(UpgradeRepo, target, "http", v1Commit)),
            Js(UpgradeRepo),
            // v1 written by a plain HTTP download (as huggingface_hub or a bundle leaves it): no chunk map, learnt on demand.
            new(LearntTool, true, target => DmArgs(UpgradeRepo, target, "xet"), transportMissing, target => DmArgs(UpgradeRepo, target, "http", v1Commit)),
        };
        var targets = new List<Target>();
        var ok = true;
        var budget = 1.1 * (newChunks + json);
        var v1Json = await ReconstructionJsonBytesAsync(f1.XetHash);
        var learntBudget = 1.1 * (newChunks + json + v1Json);
        foreach (var paced in new[] { false, true })
        {
            var title = paced ? $"paced to {options.ThrottleMbps} MB/s per connection" : "loopback";
            var results = await MeasureAsync($"upgrade-{(paced ? "paced" : "loopback")}", $"v2 with v1 cached, {title}", contenders, f2, paced, f1);
            ok &= results.All(r => r.Ok);
            var xet = results[0];
            targets.Add(xet.Ok
                ? Target.Check($"Upgrade over Xet: bytes on the wire ({title})", $"{xet.WireBytes / 1e6:N3} MB vs 1.1 x ({newChunks / 1e6:N3} MB new chunks + {json / 1e6:N3} MB JSON) = {budget / 1e6:N3} MB", "<= 1.1x new chunks + JSON", xet.WireBytes <= budget)
                : Target.Missing($"Upgrade over Xet: bytes on the wire ({title})", "<= 1.1x new chunks + JSON", xet.Failure));
            targets.Add(Ratio($"Upgrade over Xet vs @huggingface/hub re-fetching v2 ({title}; change {changed / (double)f2.Size:P1})", xet, results[2], "<= 0.30x its wall time", 0.3));
            var learnt = results[3];
            targets.Add(learnt.Ok
                ? Target.Check($"Upgrade over Xet, v1 fetched over HTTP (map learnt): bytes on the wire ({title})",
                    $"{learnt.WireBytes / 1e6:N3} MB vs 1.1 x ({newChunks / 1e6:N3} MB new chunks + {(json + v1Json) / 1e6:N3} MB JSON of v2 and v1) = {learntBudget / 1e6:N3} MB",
                    "<= 1.1x new chunks + JSON", learnt.WireBytes <= learntBudget)
                : Target.Missing($"Upgrade over Xet, v1 fetched over HTTP (map learnt): bytes on the wire ({title})", "<= 1.1x new chunks + JSON", learnt.Failure));
            targets.Add(Ratio($"Upgrade over Xet, v1 fetched over HTTP (map learnt) vs @huggingface/hub ({title})", learnt, results[2], "<= 0.30x its wall time", 0.3));
            targets.Add(new Target($"Upgrade over our HTTP path ({title}): wire and time", results[1].Ok ? $"{results[1].WireBytes / 1e6:N2} MB, {results[1].WallSeconds:0.00} s" : results[1].Failure, "reported", TargetStatus.Reported));
        }

        return (targets, ok);
    }

    private static byte[] Model(int size, int seed)
    {
        var header = XetInputs.Text(64 * 1024, seed);
        return [.. header, .. XetInputs.Weights(size - header.Length, seed)];
    }

    private IReadOnlyList<string> DmArgs(string repo, string target, string transport, string? revision = null) =>
        [options.Binary, "get", repo, "--cache-dir", target, "--transport", transport, .. revision is null ? Array.Empty<string>() : ["--revision", revision], .. options.DmArgs];

    private Contender Js(string repo)
    {
        string? missing = null;
        IReadOnlyList<string> script = [];
        try
        {
            script = XetOracle.DownloadCommand();
        }
        catch (XetOracleUnavailableException e)
        {
            missing = e.Message;
        }

        return new Contender(JsTool, false, target => ["node", .. script, "--hub", hub.ApiUrl, "--repo", repo, "--path", FileName, "--out", Path.Combine(target, FileName)], missing);
    }

    private async Task<List<Outcome>> MeasureAsync(string key, string title, IReadOnlyList<Contender> contenders, XetFixtureFile file, bool paced, XetFixtureFile? prefill)
    {
        Console.WriteLine();
        Console.WriteLine($"{title}:");
        var runs = contenders.Select(_ => new List<Outcome>()).ToList();
        var timeout = TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(file.Size / 2e6);
        for (var run = 1; run <= options.Runs; run++)
        {
            for (var c = 0; c < contenders.Count; c++)
            {
                var contender = contenders[c];
                var target = Path.Combine(options.WorkDir, "runs", key, c.ToString(CultureInfo.InvariantCulture));
                Reset(target);
                var log = Path.Combine(logs, $"{key}-{c}-{run}.log");
                Outcome outcome;
                if (contender.Missing is { } missing)
                {
                    outcome = Outcome.Failed(missing);
                }
                else
                {
                    hub.Faults.Clear();
                    var ready = contender.Prefill is null || await PrefillAsync(contender, target, prefill!, log + ".prefill", timeout);
                    if (paced)
                    {
                        hub.Faults.ThrottleBytesPerSecond(options.ThrottleMbps * 1_000_000L, host: FakeHost.Transfer);
                        hub.Faults.ThrottleBytesPerSecond(options.ThrottleMbps * 1_000_000L, host: FakeHost.Cdn);
                    }

                    hub.ClearRequests();
                    outcome = ready ? await RunOneAsync(contender, target, file, log, timeout) : Outcome.Failed($"filling the cache with v1 failed (log: {log}.prefill)");
                    hub.Faults.Clear();
                }

                runs[c].Add(outcome);
                Console.WriteLine(
                    $"  run {run}/{options.Runs}  {contender.Name,-32} "
                    + (outcome.Ok ? $"{outcome.WallSeconds,7:0.00} s  wire {outcome.WireBytes / 1e6,9:N2} MB (xorbs {outcome.XorbBytes / 1e6:N2}, CDN {outcome.CdnBytes / 1e6:N2})  RSS {outcome.PeakRssMb,6:0.0} MiB  CPU {outcome.CpuSeconds,6:0.00} s" : $"FAILED: {outcome.Failure}"));
                Reset(target, recreate: false);
            }
        }

        var summary = runs.Select(Outcome.Median).ToList();
        Console.WriteLine();
        Console.WriteLine($"| {title} | wall (median) | MB/s | bytes on the wire | of which xorbs | of which CDN | peak RSS | CPU |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        for (var c = 0; c < contenders.Count; c++)
        {
            var o = summary[c];
            Console.WriteLine(o.Ok
                ? $"| {contenders[c].Name} | {o.WallSeconds:0.00} s | {file.Size / 1e6 / o.WallSeconds:0} | {o.WireBytes / 1e6:N2} MB | {o.XorbBytes / 1e6:N2} MB | {o.CdnBytes / 1e6:N2} MB | {o.PeakRssMb:0.0} MiB | {o.CpuSeconds:0.00} s |"
                : $"| {contenders[c].Name} | FAILED: {o.Failure} | | | | | | |");
        }

        return summary;
    }

    private async Task<bool> PrefillAsync(Contender contender, string target, XetFixtureFile v1, string log, TimeSpan timeout)
    {
        var result = await ChildProcess.RunAsync(contender.Prefill!(target), environment, log, timeout);
        return result.Succeeded && Output(target, v1.Sha256) is { } bytes && bytes.SequenceEqual(v1.Content);
    }

    private async Task<Outcome> RunOneAsync(Contender contender, string target, XetFixtureFile file, string log, TimeSpan timeout)
    {
        ProcessResult process;
        try
        {
            process = await ChildProcess.RunAsync(contender.Command(target), environment, log, timeout, measureRss: true);
        }
        catch (Win32Exception e)
        {
            return Outcome.Failed($"cannot start {contender.Command(target)[0]}: {e.Message}");
        }

        var requests = hub.Requests;
        if (!process.Succeeded)
        {
            return Outcome.Failed($"{(process.TimedOut ? "timed out" : $"exit {process.ExitCode}")}: {FailureReason.FromLog(log)}");
        }

        var bytes = contender.Name == JsTool ? ReadIfExists(Path.Combine(target, FileName)) : Output(target, file.Sha256);
        if (bytes is null || !bytes.AsSpan().SequenceEqual(file.Content))
        {
            return Outcome.Failed($"exit 0 but the file is {(bytes is null ? "missing" : "wrong")} (log: {log})");
        }

        return new Outcome(
            true,
            "",
            process.Wall.TotalSeconds,
            requests.Sum(r => r.BodyBytesSent),
            requests.Where(r => r.Host == FakeHost.Transfer).Sum(r => r.BodyBytesSent),
            requests.Where(r => r.Host == FakeHost.Cdn).Sum(r => r.BodyBytesSent),
            process.PeakRssMb,
            process.CpuSeconds);
    }

    /// <summary>The blob download-models left in the cache for that sha256, or null.</summary>
    private static byte[]? Output(string target, string sha256)
    {
        var hubFolder = Path.Combine(target, "hub");
        if (!Directory.Exists(hubFolder))
        {
            return null;
        }

        return Directory.EnumerateDirectories(hubFolder, "blobs", SearchOption.AllDirectories)
            .Select(blobs => Path.Combine(blobs, sha256)).Where(File.Exists).Select(File.ReadAllBytes).FirstOrDefault();
    }

    private static byte[]? ReadIfExists(string path) => File.Exists(path) ? File.ReadAllBytes(path) : null;

    /// <summary>A binary without <c>--transport</c> (issue 21's client not in it yet) cannot be measured: why, or null.</summary>
    private async Task<string?> TransportMissingAsync()
    {
        var log = Path.Combine(logs, "xet-help.log");
        var result = await ChildProcess.RunAsync([options.Binary, "get", "--help"], environment, log, TimeSpan.FromSeconds(20));
        var help = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
        return result.Succeeded && help.Contains("--transport", StringComparison.Ordinal)
            ? null
            : $"{options.Binary} has no --transport option (issue 21's Xet client is not in this build)";
    }

    private async Task<long> ReconstructionJsonBytesAsync(string xetHash)
    {
        using var http = new HttpClient();
        var repo = hub.FindRepo(UpgradeRepo)!;
        var token = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync($"{hub.ApiUrl}/api/models/{UpgradeRepo}/xet-read-token/{repo.Commit}"))!["accessToken"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{hub.CasUrl}/v2/reconstructions/{xetHash}");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return (await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync()).LongLength;
    }

    private string OracleCache() => Path.Combine(options.WorkDir, "xet-oracle");

    private static Target Ratio(string name, Outcome ours, Outcome theirs, string goal, double limit)
    {
        if (!ours.Ok)
        {
            return Target.Missing(name, goal, ours.Failure);
        }

        if (!theirs.Ok)
        {
            return Target.Missing(name, goal, $"the other side failed: {theirs.Failure}");
        }

        var ratio = ours.WallSeconds / theirs.WallSeconds;
        return Target.Check(name, $"{ours.WallSeconds:0.00} s / {theirs.WallSeconds:0.00} s = {ratio:0.00}x", goal, ratio <= limit);
    }

    private static string HubHashesSha1(string text) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));

    private static void Reset(string folder, bool recreate = true)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Native.sync();
        if (recreate)
        {
            Directory.CreateDirectory(folder);
        }
    }

    /// <summary>One contender: its command for a target folder, and, for the upgrade, the command that fills the cache with v1 first.</summary>
    private sealed record Contender(string Name, bool IsProduct, Func<string, IReadOnlyList<string>> Command, string? Missing, Func<string, IReadOnlyList<string>>? Prefill = null);

    private sealed record Outcome(bool Ok, string Failure, double WallSeconds, long WireBytes, long XorbBytes, long CdnBytes, double PeakRssMb, double CpuSeconds)
    {
        public static Outcome Failed(string why) => new(false, why, double.NaN, 0, 0, 0, double.NaN, double.NaN);

        /// <summary>Medians of the successful runs; a contender with a failed run is failed (with the first reason).</summary>
        public static Outcome Median(List<Outcome> runs) =>
            runs.FirstOrDefault(r => !r.Ok) is { } failed ? failed
            : new Outcome(
                true,
                "",
                Stats.Median(runs.Select(r => r.WallSeconds)),
                (long)Stats.Median(runs.Select(r => (double)r.WireBytes)),
                (long)Stats.Median(runs.Select(r => (double)r.XorbBytes)),
                (long)Stats.Median(runs.Select(r => (double)r.CdnBytes)),
                runs.Max(r => r.PeakRssMb),
                Stats.Median(runs.Select(r => r.CpuSeconds)));
    }
}
