namespace DownloadModels.Bench.Scenarios;

/// <summary>The three workloads of issue 5, at full size or, for a smoke run, about a tenth of it.</summary>
internal static class ScenarioCatalog
{
    public const string LargeRepo = "bench/large-file";
    public const string SmallRepo = "bench/small-files";

    public static IReadOnlyList<string> Keys { get; } = ["large", "models", "small"];

    public static Scenario Create(string key, bool quick) => key switch
    {
        "large" => Large(quick ? 200_000_000 : 2_000_000_000),
        "models" => new Scenario(
            "models",
            "Default model set (drop-in: Whisper tiny + Kokoro + E5) at real sizes",
            DefaultModelSet.Files(quick ? 10 : 1),
            []),
        "small" => Small(quick ? 200 : 2_000),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, $"Expected one of: {string.Join(", ", Keys)}."),
    };

    private static Scenario Large(long size) => new(
        "large",
        $"One {size / 1e9:0.#} GB LFS file (get)",
        [new BenchFile(LargeRepo, "model-00001-of-00001.safetensors", size, Lfs: true)],
        ["get", LargeRepo]);

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
