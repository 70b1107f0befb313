namespace DownloadModels.Bench.Scenarios;

/// <summary>
/// The workloads of issues 5 and 13, at full size or, for a smoke run, about a tenth of it. A key with the
/// <c>throttled-</c> prefix is the same workload with every CDN answer paced to the throttle rate; with the
/// <c>latency-</c> prefix, every CDN answer waits the latency before its body (a distant CDN's round trip).
/// </summary>
internal static class ScenarioCatalog
{
    public const string LargeRepo = "bench/large-file";
    public const string MediumRepo = "bench/medium-file";
    public const string SmallRepo = "bench/small-files";
    public const string ThrottledPrefix = "throttled-";
    public const string LatencyPrefix = "latency-";

    /// <summary>The workloads themselves; each may run on loopback or throttled.</summary>
    public static IReadOnlyList<string> Workloads { get; } = ["models", "small", "medium", "large"];

    /// <summary>What a plain run measures: every target of issues 5 and 13 in one run.</summary>
    public static IReadOnlyList<string> DefaultKeys { get; } = ["models", "small", "large", "throttled-medium", "throttled-large", "latency-small"];

    public static bool IsKnown(string key) => Workloads.Contains(WorkloadOf(key));

    public static Scenario Create(string key, bool quick, int throttleMbps, int latencyMs)
    {
        var scenario = Workload(WorkloadOf(key), quick) with { Key = key };
        if (key.StartsWith(ThrottledPrefix, StringComparison.Ordinal))
            return scenario with { Title = $"{scenario.Title}, CDN paced to {throttleMbps} MB/s per connection", ThrottleMbps = throttleMbps };
        if (key.StartsWith(LatencyPrefix, StringComparison.Ordinal))
            return scenario with { Title = $"{scenario.Title}, every CDN answer {latencyMs} ms late", LatencyMs = latencyMs };
        return scenario with { Title = $"{scenario.Title}, loopback" };
    }

    private static string WorkloadOf(string key) =>
        key.StartsWith(ThrottledPrefix, StringComparison.Ordinal) ? key[ThrottledPrefix.Length..]
        : key.StartsWith(LatencyPrefix, StringComparison.Ordinal) ? key[LatencyPrefix.Length..]
        : key;

    private static Scenario Workload(string key, bool quick) => key switch
    {
        "large" => OneFile("large", LargeRepo, quick ? 200_000_000 : 2_000_000_000),
        // The size of multilingual-e5-small's model.safetensors: the large file of the default set. The quick
        // run takes a quarter: a tenth would fall below two chunks and be fetched as one stream.
        "medium" => OneFile("medium", MediumRepo, quick ? 117_659_354 : 470_637_416),
        "models" => new Scenario(
            "models",
            "Default model set (drop-in: Whisper tiny + Kokoro + E5) at real sizes",
            DefaultModelSet.Files(quick ? 10 : 1),
            []),
        "small" => Small(quick ? 250 : 2_500),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, $"Expected one of: {string.Join(", ", Workloads)}, each optionally prefixed with {ThrottledPrefix} or {LatencyPrefix}."),
    };

    private static Scenario OneFile(string key, string repo, long size) => new(
        key,
        $"One {size / 1e6:N0} MB LFS file (get)",
        [new BenchFile(repo, "model-00001-of-00001.safetensors", size, Lfs: true)],
        ["get", repo]);

    private static Scenario Small(int count)
    {
        // Fixed seed: every run, and every tool, sees the same sizes.
        var random = new Random(5);
        var files = Enumerable.Range(0, count)
            .Select(i => new BenchFile(SmallRepo, $"shards/{i / 100:000}/part-{i:00000}.bin", random.Next(1_000, 20_001), Lfs: true))
            .ToList();
        return new Scenario("small", $"{count:N0} small LFS files of 1-20 kB (get)", files, ["get", SmallRepo]);
    }
}
