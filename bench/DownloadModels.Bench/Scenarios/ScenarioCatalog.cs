namespace DownloadModels.Bench.Scenarios;

/// <summary>
/// The workloads of issues 5, 13 and 26, at full size or, for a smoke run, about a tenth of it. A key is a
/// workload after any of two modifiers: <c>throttled-</c> paces every CDN answer to the throttle rate,
/// <c>latency-</c> makes every CDN answer wait the latency before its body (a distant CDN's round trip). A
/// modifier may carry its own value (<c>throttled5-</c>: 5 MB/s; <c>latency50-</c>: 50 ms) instead of
/// --throttle-mbps / --latency-ms: <c>throttled5-latency50-shards</c>.
/// </summary>
internal static class ScenarioCatalog
{
    public const string LargeRepo = "bench/large-file";
    public const string MediumRepo = "bench/medium-file";
    public const string SmallRepo = "bench/small-files";
    public const string MidsizeRepo = "bench/midsize-file";
    public const string FewMibRepo = "bench/few-mib-file";
    public const string ShardsRepo = "bench/sharded-checkpoint";
    public const string ThrottledPrefix = "throttled";
    public const string LatencyPrefix = "latency";

    /// <summary>The workloads themselves; each may run on loopback, throttled or late.</summary>
    public static IReadOnlyList<string> Workloads { get; } = ["models", "small", "medium", "large", "midsize", "shards", "fewmib"];

    /// <summary>The mid-size workloads of issue 26 (files of a few MB to a few tens of MB), judged against aria2c.</summary>
    public static IReadOnlyList<string> MidsizeWorkloads { get; } = ["midsize", "shards", "fewmib"];

    /// <summary>What a plain run measures: every target of issues 5, 13 and 26 in one run.</summary>
    public static IReadOnlyList<string> DefaultKeys { get; } =
        ["models", "small", "large", "throttled-medium", "throttled-large", "latency-small", "throttled5-midsize", "throttled5-shards", "throttled5-latency50-shards", "throttled5-fewmib"];

    public static bool IsKnown(string key) => TryParse(key, out _, out _, out _);

    public static bool IsMidsize(Scenario scenario) => TryParse(scenario.Key, out var workload, out _, out _) && MidsizeWorkloads.Contains(workload);

    public static Scenario Create(string key, bool quick, int throttleMbps, int latencyMs)
    {
        if (!TryParse(key, out var workload, out var throttle, out var latency))
            throw new ArgumentOutOfRangeException(nameof(key), key, $"Expected one of: {string.Join(", ", Workloads)}, each optionally prefixed with {ThrottledPrefix}[N]- and/or {LatencyPrefix}[N]-.");
        var scenario = Workload(workload, quick) with { Key = key };
        var conditions = new List<string>();
        if (throttle is { } t)
        {
            var mbps = t == 0 ? throttleMbps : t;
            conditions.Add($"CDN paced to {mbps} MB/s per connection");
            scenario = scenario with { ThrottleMbps = mbps };
        }

        if (latency is { } l)
        {
            var ms = l == 0 ? latencyMs : l;
            conditions.Add($"every CDN answer {ms} ms late");
            scenario = scenario with { LatencyMs = ms };
        }

        return scenario with { Title = $"{scenario.Title}, {(conditions.Count == 0 ? "loopback" : string.Join(", ", conditions))}" };
    }

    /// <summary>Splits a key into its workload and modifiers (null: absent; 0: present, with the option's value).</summary>
    private static bool TryParse(string key, out string workload, out int? throttle, out int? latency)
    {
        var parts = key.Split('-');
        workload = parts[^1];
        throttle = latency = null;
        foreach (var part in parts[..^1])
        {
            if (!TryModifier(part, ThrottledPrefix, ref throttle) && !TryModifier(part, LatencyPrefix, ref latency))
                return false;
        }

        return Workloads.Contains(workload);
    }

    private static bool TryModifier(string part, string name, ref int? value)
    {
        if (value is not null || !part.StartsWith(name, StringComparison.Ordinal))
            return false;
        var number = part[name.Length..];
        if (number.Length == 0)
        {
            value = 0;
            return true;
        }

        if (!int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n <= 0)
            return false;
        value = n;
        return true;
    }

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
        // A tokenizer, an ONNX export, Whisper base's weights: one file of a few tens of MB. The quick run keeps the
        // full size: these are small already, and a tenth would fall below what is worth splitting.
        "midsize" => OneFile("midsize", MidsizeRepo, 25_000_000),
        // A sentencepiece model, a small ONNX export, a voice pack: a file of a few MiB, split only when the link rewards it.
        "fewmib" => OneFile("fewmib", FewMibRepo, 6_000_000),
        // How sharded checkpoints ship: model-0000N-of-00012.safetensors (the quick run takes 4 shards).
        "shards" => Shards(quick ? 4 : 12, 20_000_000),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, $"Expected one of: {string.Join(", ", Workloads)}."),
    };

    private static Scenario OneFile(string key, string repo, long size) => new(
        key,
        $"One {size / 1e6:N0} MB LFS file (get)",
        [new BenchFile(repo, "model-00001-of-00001.safetensors", size, Lfs: true)],
        ["get", repo]);

    private static Scenario Shards(int count, long size) => new(
        "shards",
        $"{count} shards of {size / 1e6:N0} MB (get)",
        [.. Enumerable.Range(1, count).Select(i => new BenchFile(ShardsRepo, $"model-{i:00000}-of-{count:00000}.safetensors", size, Lfs: true))],
        ["get", ShardsRepo]);

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
