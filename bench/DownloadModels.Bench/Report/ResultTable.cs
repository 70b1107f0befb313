using System.Globalization;
using System.Text;
using DownloadModels.Bench.Measuring;

namespace DownloadModels.Bench.Report;

/// <summary>A scenario's results as a Markdown table, ready to paste into the README or an issue.</summary>
internal static class ResultTable
{
    public static string Render(ScenarioResult result, int runs)
    {
        var s = result.Scenario;
        var text = new StringBuilder();
        var throttle = result.ThrottleMbps > 0 ? $", CDN throttled to {result.ThrottleMbps} MB/s per connection" : ", loopback";
        text.AppendLine(CultureInfo.InvariantCulture, $"### {s.Title}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{s.Files.Count:N0} files, {s.TotalBytes / 1e6:N1} MB{throttle}; median of {runs} run(s)");
        text.AppendLine();
        text.AppendLine("| tool | wall s | MB/s | peak RSS MiB | CPU s | CPU s/GB | wall vs best other |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var tool in result.Tools)
        {
            var name = tool.IsProduct ? $"**{tool.Name}**" : tool.Name;
            if (!tool.AllOk)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | FAILED {tool.Failures}/{tool.Runs.Count}: {tool.Runs.First(r => !r.Ok).Verdict} | | {tool.PeakRssMb:0.0} | | | |");
                continue;
            }

            var best = result.BestOther(tool);
            var ratio = best is null ? "-" : $"{tool.WallSeconds / best.WallSeconds:0.00}x {best.Name}";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {tool.WallSeconds:0.00} | {tool.MegabytesPerSecond:0} | {tool.PeakRssMb:0.0} | {tool.CpuSeconds:0.00} | {tool.CpuSecondsPerGb:0.00} | {ratio} |");
        }

        return text.ToString();
    }
}
