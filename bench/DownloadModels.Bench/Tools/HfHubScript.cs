namespace DownloadModels.Bench.Tools;

/// <summary>
/// huggingface_hub as its users run it: one Python process that calls <c>snapshot_download(repo,
/// max_workers=8)</c> (its default) for each repo of the scenario in turn, into a cache folder. Progress bars
/// are off (they would go to a log file anyway); Xet is off (the wrapper sets HF_HUB_DISABLE_XET=1: the fake
/// hub serves plain HTTP, as a mirror does).
/// </summary>
internal static class HfHubScript
{
    public const int Workers = 8;

    private const string Script = """
        import os, sys
        os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
        from huggingface_hub import snapshot_download
        for repo in sys.argv[3:]:
            snapshot_download(repo, cache_dir=sys.argv[1], max_workers=int(sys.argv[2]))
        """;

    /// <summary><paramref name="hfPython"/> is the oracle's wrapper (Debian python3 with huggingface_hub importable).</summary>
    public static IReadOnlyList<string> Arguments(string hfPython, ToolContext context) =>
        [hfPython, "-c", Script, Path.Combine(context.TargetDir, "hub"), Workers.ToString(System.Globalization.CultureInfo.InvariantCulture), .. context.Scenario.RepoIds];
}
