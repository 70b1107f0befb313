using System.Globalization;
using System.Text;
using DownloadModels.Bench.Measuring;
using DownloadModels.Bench.Probes;
using DownloadModels.Bench.Tools;

namespace DownloadModels.Bench.Report;

/// <summary>The targets of issue 5, each with this run's value and MET / NOT MET.</summary>
internal static class TargetReport
{
    public static IReadOnlyList<Target> Evaluate(IReadOnlyList<ScenarioResult> results, int throttleMbps, double helpMs, DryRunResult dryRun)
    {
        var models = results.FirstOrDefault(r => r.Scenario.Key == "models");
        var large = results.FirstOrDefault(r => r.Scenario.Key == "large");
        var mode = throttleMbps > 0 ? $"throttled {throttleMbps} MB/s" : "loopback";
        var rerun = throttleMbps > 0 ? "run without --throttle-mbps" : "run with --throttle-mbps 50";
        var products = results.Select(r => r.Product).OfType<ToolSummary>().Where(p => p.Runs.Count > 0).ToList();
        return
        [
            Compare(models, ToolSet.CurlParallel, "Default set, verified, vs curl --parallel --parallel-max 8 unverified", "<= 1.10x its wall time", mode, r => r <= 1.10),
            Compare(models, ToolSet.Aria2, "Default set vs aria2c -j8 -x8 -s8 on the same URL list", "< 1.00x its wall time (faster)", mode, r => r < 1.0),
            throttleMbps == 0
                ? Compare(large, ToolSet.CurlSingle, "Single large file vs one curl connection writing it unverified", "<= 1.00x its wall time", mode, r => r <= 1.0)
                : Target.Missing("Single large file vs one curl connection (loopback)", "<= 1.00x its wall time", rerun),
            throttleMbps > 0 ? Speedup(large, throttleMbps) : Target.Missing("Throttled single large file vs one connection", ">= 6x", rerun),
            throttleMbps > 0
                ? Compare(large, ToolSet.Aria2, "Throttled single large file vs aria2c -x8 -s8", "<= 1.00x its wall time", mode, r => r <= 1.0)
                : Target.Missing("Throttled single large file vs aria2c -x8 -s8", "<= 1.00x its wall time", rerun),
            products.Count == 0
                ? Target.Missing("Peak RSS of download-models", "< 64 MiB", "no scenario ran")
                : Target.Check("Peak RSS of download-models, any scenario", $"{products.Max(p => p.PeakRssMb):0.0} MiB ({string.Join(", ", results.Where(r => r.Product is not null).Select(r => $"{r.Scenario.Key} {r.Product!.PeakRssMb:0.0}"))})", "< 64 MiB", products.Max(p => p.PeakRssMb) < 64),
            new Target("CPU seconds per GB of download-models", string.Join(", ", results.Where(r => r.Product is { AllOk: true }).Select(r => $"{r.Scenario.Key} {r.Product!.CpuSecondsPerGb:0.00}")), "reported", TargetStatus.Reported),
            double.IsNaN(helpMs)
                ? Target.Missing("download-models --help", "< 20 ms", "--help failed")
                : Target.Check("download-models --help (median of 20)", $"{helpMs:0.0} ms", "< 20 ms", helpMs < 20),
            !dryRun.Succeeded
                ? Target.Missing("Fully cached --dry-run of the default set", "1 API round trip per repo", "the probe's runs failed")
                : Target.Check("Fully cached --dry-run of the default set", $"{dryRun.ApiRequests.Count} API requests for {dryRun.Repos} repos ({dryRun.PerRepo:0.##} per repo)", "<= 1 per repo", dryRun.PerRepo <= 1),
        ];
    }

    public static string Render(IReadOnlyList<Target> targets)
    {
        var text = new StringBuilder();
        text.AppendLine("### Targets (issue 5)");
        text.AppendLine();
        text.AppendLine("| target | measured | goal | status |");
        text.AppendLine("|---|---|---|---|");
        foreach (var t in targets)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {t.Name} | {t.Measured} | {t.Goal} | {t.StatusText} |");
        }

        return text.ToString();
    }

    /// <summary>download-models' median wall time over another tool's, on one scenario.</summary>
    private static Target Compare(ScenarioResult? result, string other, string name, string goal, string mode, Func<double, bool> met)
    {
        if (result?.Product is not { AllOk: true } product || result.Find(other) is not { } them)
        {
            return Target.Missing(name, goal, result is null ? "scenario not run" : "a tool failed or is missing");
        }

        var ratio = product.WallSeconds / them.WallSeconds;
        return Target.Check(name, $"{ratio:0.00}x ({product.WallSeconds:0.00} s vs {them.WallSeconds:0.00} s, {mode}, {result.Scenario.TotalBytes / 1e6:N0} MB)", goal, met(ratio));
    }

    private static Target Speedup(ScenarioResult? large, int throttleMbps)
    {
        const string name = "Throttled single large file vs one connection (curl)";
        if (large?.Product is not { AllOk: true } product || large.Find(ToolSet.CurlSingle) is not { } curl)
        {
            return Target.Missing(name, ">= 6x", large is null ? "scenario not run" : "a tool failed or is missing");
        }

        var speedup = product.MegabytesPerSecond / curl.MegabytesPerSecond;
        return Target.Check(name, $"{speedup:0.0}x ({product.MegabytesPerSecond:0} vs {curl.MegabytesPerSecond:0} MB/s at {throttleMbps} MB/s a connection)", ">= 6x", speedup >= 6);
    }
}
