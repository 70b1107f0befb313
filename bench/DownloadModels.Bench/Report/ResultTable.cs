using System.Globalization;
using System.Text;
using DownloadModels.Bench.Measuring;
using DownloadModels.Bench.Tools;

namespace DownloadModels.Bench.Report;

/// <summary>A scenario's results as a Markdown table, ready to paste into the README or an issue.</summary>
internal static class ResultTable
{
    public static string Render(ScenarioResult result, int runs)
    {
        var s = result.Scenario;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {s.Title}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{s.Files.Count:N0} files, {s.TotalBytes / 1e6:N1} MB; median of {runs} run(s), (min-max) of wall time");
        text.AppendLine();
        text.AppendLine("| tool | wall s | MB/s | peak RSS MiB | CPU s | CPU s/GB | wall vs huggingface_hub | wall vs best other |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---|");
        var hf = result.Find(ToolSet.HfHub);
        foreach (var tool in result.Tools)
        {
            var name = tool.IsProduct ? $"**{tool.Name}**" : tool.Name;
            if (!tool.AllOk)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | FAILED {tool.Failures}/{tool.Runs.Count}: {tool.Runs.First(r => !r.Ok).Verdict} | | {tool.PeakRssMb:0.0} | | | | |");
                continue;
            }

            var best = result.BestOther(tool);
            var ratio = best is null ? "-" : $"{tool.WallSeconds / best.WallSeconds:0.00}x {best.Name}";
            var versusHf = hf is null ? "n/a" : tool == hf ? "1.00x" : $"{tool.WallSeconds / hf.WallSeconds:0.00}x";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {tool.WallSeconds:0.00} ({tool.MinWallSeconds:0.00}-{tool.MaxWallSeconds:0.00}) | {tool.MegabytesPerSecond:0} | {tool.PeakRssMb:0.0} | {tool.CpuSeconds:0.00} | {tool.CpuSecondsPerGb:0.00} | {versusHf} | {ratio} |");
        }

        foreach (var (tool, why) in result.Skipped)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {tool} | not run: {why} | | | | | | |");
        }

        return text.ToString();
    }
}
