namespace DownloadModels.Bench.Tools;

/// <summary>The contenders of issue 5, skipping (with a note) the competitors this machine lacks.</summary>
internal static class ToolSet
{
    public const string Product = "download-models";
    public const string CurlSingle = "curl (1 connection)";
    public const string CurlParallel = "curl --parallel-max 8";
    public const string Aria2 = "aria2c -x8 -s8 -j8";

    public static IReadOnlyList<Tool> Create(string binary, IReadOnlyList<string> dmArgs)
    {
        List<Tool> tools = [new(Product, true, c => [binary, .. c.Scenario.DmCommand, "--cache-dir", c.TargetDir, .. dmArgs])];
        if (OnPath("curl"))
        {
            // --disable (first) ignores a ~/.curlrc, so the machine's settings do not change the numbers.
            tools.Add(new(CurlSingle, false, c => ["curl", "--disable", .. CurlList.Arguments(c)]));
            tools.Add(new(CurlParallel, false, c => ["curl", "--disable", "--parallel", "--parallel-max", "8", .. CurlList.Arguments(c)]));
        }
        else
        {
            Console.WriteLine("note: curl not found on PATH; its rows are skipped.");
        }

        if (OnPath("aria2c"))
        {
            tools.Add(new(Aria2, false, Aria2List.Arguments));
        }
        else
        {
            Console.WriteLine("note: aria2c not found on PATH (Debian: apt-get install -y aria2); its rows are skipped.");
        }

        return tools;
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
