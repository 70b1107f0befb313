using System.Globalization;
using System.Text;
using DownloadModels.Bench.Measuring;

namespace DownloadModels.Bench.Report;

/// <summary>The highest peak RSS of every tool in every scenario, side by side.</summary>
internal static class PeakRssTable
{
    public static string Render(IReadOnlyList<ScenarioResult> results)
    {
        var tools = results.SelectMany(r => r.Tools.Select(t => t.Name)).Distinct().ToList();
        var text = new StringBuilder();
        text.AppendLine("### Peak RSS, MiB (highest of the runs)");
        text.AppendLine();
        text.AppendLine($"| tool | {string.Join(" | ", results.Select(r => r.Scenario.Key))} |");
        text.AppendLine($"|---|{string.Concat(results.Select(_ => "---:|"))}");
        foreach (var tool in tools)
        {
            var cells = results.Select(r => r.Any(tool) is { Runs.Count: > 0 } t && !double.IsNaN(t.PeakRssMb)
                ? t.PeakRssMb.ToString("0.0", CultureInfo.InvariantCulture) + (t.AllOk ? "" : " (failed)")
                : "-");
            text.AppendLine(CultureInfo.InvariantCulture, $"| {tool} | {string.Join(" | ", cells)} |");
        }

        return text.ToString();
    }
}
