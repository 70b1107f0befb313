using DownloadModels.Bench.Scenarios;

namespace DownloadModels.Bench;

/// <summary>The bench's command line; every option also accepts the <c>--name=value</c> form.</summary>
internal sealed record BenchOptions(
    string Binary,
    int Runs,
    bool Quick,
    int ThrottleMbps,
    IReadOnlyList<string> DmArgs,
    IReadOnlyList<string> Scenarios,
    string WorkDir)
{
    public const string Usage = """
        DownloadModels.Bench: times download-models against curl and aria2c on files served by the fake hub.

          --binary PATH          download-models to run (default: artifacts/linux-x64/download-models)
          --runs N               runs per tool and scenario; the table shows medians (default 3, --quick: 1)
          --quick                about a tenth of the sizes: a smoke run of a minute or two
          --throttle-mbps N      pace every CDN answer to N MB/s, as one connection to the real CDN (default off)
          --scenarios LIST       comma-separated subset of: large, models, small (default: all)
          --dm-args "ARGS"       extra arguments for every download-models run, split on spaces
          --work-dir PATH        where downloads land, on the disk under test (default: artifacts/bench)
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args, string repoRoot)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var quick = false;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            if (name == "--quick")
            {
                quick = true;
            }
            else if (name is "--binary" or "--runs" or "--throttle-mbps" or "--scenarios" or "--dm-args" or "--work-dir")
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
            : [.. ScenarioCatalog.Keys];
        if (scenarios.FirstOrDefault(s => !ScenarioCatalog.Keys.Contains(s)) is { } unknown)
        {
            throw new ArgumentException($"Unknown scenario '{unknown}'; expected {string.Join(", ", ScenarioCatalog.Keys)}.");
        }

        return new BenchOptions(
            Path.GetFullPath(values.GetValueOrDefault("--binary") ?? Path.Combine(repoRoot, "artifacts", "linux-x64", "download-models")),
            Positive(values, "--runs", quick ? 1 : 3),
            quick,
            values.ContainsKey("--throttle-mbps") ? Positive(values, "--throttle-mbps", 0) : 0,
            values.GetValueOrDefault("--dm-args")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
            scenarios,
            Path.GetFullPath(values.GetValueOrDefault("--work-dir") ?? Path.Combine(repoRoot, "artifacts", "bench")));
    }

    private static int Positive(Dictionary<string, string> values, string name, int fallback) =>
        !values.TryGetValue(name, out var text) ? fallback
        : int.TryParse(text, out var n) && n > 0 ? n
        : throw new ArgumentException($"{name} takes a positive whole number, not '{text}'.");
}
