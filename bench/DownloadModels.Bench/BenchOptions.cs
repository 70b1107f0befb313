using DownloadModels.Bench.Scenarios;
using DownloadModels.Bench.Tools;
using DownloadModels.Bench.Xet;

namespace DownloadModels.Bench;

/// <summary>The bench's command line; every option also accepts the <c>--name=value</c> form.</summary>
internal sealed record BenchOptions(
    string Binary,
    int Runs,
    bool Quick,
    int ThrottleMbps,
    int LatencyMs,
    IReadOnlyList<string> DmArgs,
    IReadOnlyList<string> Scenarios,
    string WorkDir,
    string HfPython,
    IReadOnlyList<string> Tools,
    bool Probes,
    string? Baseline,
    int FleetNodes = 8,
    string? Timeline = null,
    int Warmup = 1)
{
    public const string Usage = """
        DownloadModels.Bench: times download-models against huggingface_hub, curl and aria2c on files served
        by the fake hub.

          --binary PATH          download-models to run (default: artifacts/linux-x64/download-models)
          --runs N               runs per tool and scenario; the table shows medians (default 3, --quick: 1)
          --warmup N             untimed runs per tool and scenario before those (default 1, --quick: 0): the
                                 fake hub's code is compiled and tiered up before anything is timed
          --quick                about a tenth of the sizes: a smoke run of a few minutes
          --scenarios LIST       comma-separated, from: models, small, medium, large, midsize, shards, fewmib,
                                 each optionally prefixed with throttled[N]- and/or latency[N]- (N: this
                                 scenario's MB/s or ms instead of the options below), and xet, revision-upgrade
                                 (Xet, issues 21/22), fleet (OCI, issue 24) (default: models,small,large,
                                 throttled-medium,throttled-large,latency-small,throttled5-midsize,
                                 throttled5-shards,throttled5-latency50-shards,throttled5-fewmib,xet,
                                 revision-upgrade,fleet)
          --fleet-nodes N        nodes of the fleet scenario, each its own cache (default 8)
          --throttle-mbps N      the pace of throttled- scenarios: every CDN answer at N MB/s, as one connection
                                 to the real CDN; also the pace of the Xet scenarios' paced runs (default 50)
          --latency-ms N         the wait of latency- scenarios: every CDN answer's body starts N ms late
                                 (default 20)
          --hf-python PATH       python with huggingface_hub importable (default: ../shared/oracle/hf-python
                                 beside the repository)
          --tools LIST           comma-separated subset of: dm, hf, curl, curl-parallel, aria2c (default: all)
          --no-probes            skip the --help and cached --dry-run probes (quicker iterations)
          --baseline PATH        also time another download-models build (e.g. the last release) in the same run
          --dm-args "ARGS"       extra arguments for every download-models run, split on spaces
          --work-dir PATH        where downloads land, on the disk under test (default: artifacts/bench)
          --timeline DIR         write every run's requests with their times (one .tsv per run) to DIR and print
                                 where the run's time went: start-up, requests, after the last byte
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args, string repoRoot)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var quick = false;
        var probes = true;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            if (name == "--quick")
            {
                quick = true;
            }
            else if (name == "--no-probes")
            {
                probes = false;
            }
            else if (name is "--binary" or "--runs" or "--throttle-mbps" or "--scenarios" or "--dm-args" or "--work-dir" or "--hf-python" or "--tools" or "--latency-ms" or "--baseline" or "--fleet-nodes" or "--timeline" or "--warmup")
            {
                values[name] = inline ?? (i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value."));
            }
            else
            {
                throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        var scenarios = values.TryGetValue("--scenarios", out var list)
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [.. ScenarioCatalog.DefaultKeys, XetBench.Key, XetBench.UpgradeKey, Fleet.FleetBench.Key];
        if (scenarios.FirstOrDefault(s => !ScenarioCatalog.IsKnown(s) && !XetBench.IsKey(s) && s != Fleet.FleetBench.Key) is { } unknown)
        {
            throw new ArgumentException($"Unknown scenario '{unknown}'; expected {string.Join(", ", ScenarioCatalog.Workloads)}, each optionally prefixed with {ScenarioCatalog.ThrottledPrefix}[N]- and/or {ScenarioCatalog.LatencyPrefix}[N]- (e.g. throttled5-latency50-shards), or {XetBench.Key}, {XetBench.UpgradeKey} or {Fleet.FleetBench.Key}.");
        }

        return new BenchOptions(
            Path.GetFullPath(values.GetValueOrDefault("--binary") ?? Path.Combine(repoRoot, "artifacts", "linux-x64", "download-models")),
            Positive(values, "--runs", quick ? 1 : 3),
            quick,
            Positive(values, "--throttle-mbps", 50),
            Positive(values, "--latency-ms", 20),
            values.GetValueOrDefault("--dm-args")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
            scenarios,
            Path.GetFullPath(values.GetValueOrDefault("--work-dir") ?? Path.Combine(repoRoot, "artifacts", "bench")),
            Path.GetFullPath(values.GetValueOrDefault("--hf-python") ?? Path.Combine(repoRoot, "..", "shared", "oracle", "hf-python")),
            ToolKeys(values.GetValueOrDefault("--tools")),
            probes,
            values.GetValueOrDefault("--baseline") is { } baseline ? Path.GetFullPath(baseline) : null,
            Positive(values, "--fleet-nodes", 8),
            values.GetValueOrDefault("--timeline") is { } timeline ? Path.GetFullPath(timeline) : null,
            NonNegative(values, "--warmup", quick ? 0 : 1));
    }

    private static IReadOnlyList<string> ToolKeys(string? list)
    {
        var keys = list?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [.. ToolSet.Keys];
        return keys.FirstOrDefault(k => !ToolSet.Keys.Contains(k)) is { } unknown
            ? throw new ArgumentException($"Unknown tool '{unknown}'; expected {string.Join(", ", ToolSet.Keys)}.")
            : keys;
    }

    private static int NonNegative(Dictionary<string, string> values, string name, int fallback) =>
        !values.TryGetValue(name, out var text) ? fallback
        : int.TryParse(text, out var n) && n >= 0 ? n
        : throw new ArgumentException($"{name} takes a whole number (0 or more), not '{text}'.");

    private static int Positive(Dictionary<string, string> values, string name, int fallback) =>
        !values.TryGetValue(name, out var text) ? fallback
        : int.TryParse(text, out var n) && n > 0 ? n
        : throw new ArgumentException($"{name} takes a positive whole number, not '{text}'.");
}
