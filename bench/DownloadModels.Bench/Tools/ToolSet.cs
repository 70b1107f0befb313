namespace DownloadModels.Bench.Tools;

/// <summary>The contenders of issues 5 and 13, skipping (with a note) the ones this machine lacks.</summary>
internal static class ToolSet
{
    public const string Product = "download-models";
    public const string Baseline = "download-models (baseline)";
    public const string HfHub = "huggingface_hub (8 workers)";
    public const string CurlSingle = "curl (1 connection)";
    public const string CurlParallel = "curl --parallel-max 8";
    public const string Aria2 = "aria2c -x8 -s8 -j8 -k1M";

    /// <summary>Short names for --tools, in table order.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["dm", "hf", "curl", "curl-parallel", "aria2c"];

    /// <param name="keys">The subset of <see cref="Keys"/> to run (download-models always runs: the targets judge it).</param>
    /// <param name="baseline">Another build of download-models to time beside this one (same arguments), or null.</param>
    public static IReadOnlyList<Tool> Create(string binary, IReadOnlyList<string> dmArgs, string hfPython, IReadOnlyList<string> keys, string? baseline = null)
    {
        List<Tool> tools = [new(Product, true, true, c => [binary, .. c.Scenario.DmCommand, "--cache-dir", c.TargetDir, .. dmArgs])];
        if (baseline is not null)
        {
            tools.Add(new(Baseline, false, true, c => [baseline, .. c.Scenario.DmCommand, "--cache-dir", c.TargetDir, .. dmArgs]));
        }

        // Never dropped when missing: a huggingface_hub that cannot run is a failed row with its reason, not a gap.
        if (keys.Contains("hf"))
        {
            tools.Add(new(HfHub, false, true, c => HfHubScript.Arguments(hfPython, c)));
        }

        var curl = OnPath("curl");
        if (!curl && (keys.Contains("curl") || keys.Contains("curl-parallel")))
        {
            Console.WriteLine("note: curl not found on PATH (Debian: apt-get install -y curl); its rows are skipped.");
        }

        // --disable (first) ignores a ~/.curlrc, so the machine's settings do not change the numbers.
        if (curl && keys.Contains("curl"))
        {
            tools.Add(new(CurlSingle, false, false, c => ["curl", "--disable", .. CurlList.Arguments(c)]));
        }

        if (curl && keys.Contains("curl-parallel"))
        {
            tools.Add(new(CurlParallel, false, false, c => ["curl", "--disable", "--parallel", "--parallel-max", "8", .. CurlList.Arguments(c)],
                s => s.IsSingleFile ? "one file: the same transfer as curl (1 connection)" : null));
        }

        if (keys.Contains("aria2c"))
        {
            if (OnPath("aria2c"))
            {
                tools.Add(new(Aria2, false, false, Aria2List.Arguments));
            }
            else
            {
                Console.WriteLine("note: aria2c not found on PATH (Debian: apt-get install -y aria2); its rows are skipped.");
            }
        }

        return tools;
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
