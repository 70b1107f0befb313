using System.Globalization;
using DownloadModels.Engine;
using DownloadModels.Units;

namespace DownloadModels.Output;

/// <summary>The last lines of a run: all ready, or which models failed and why.</summary>
internal static class RunSummary
{
    public static void Write(TextWriter output, IReadOnlyList<ModelResult> results, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(results);
        var lines = new List<string>();
        var failed = results.Where(r => !r.Succeeded).ToArray();
        if (results.Count == 0)
        {
            lines.Add("No models to download.");
        }
        else if (failed.Length == 0)
        {
            var ready = results.Count == 1 ? "1 model ready" : $"All {Count(results.Count)} models ready";
            lines.Add($"{ready} in {Durations.Format(elapsed)} " +
                $"({ByteSize.Format(results.Sum(r => r.BytesFetched))} fetched, {ByteSize.Format(results.Sum(r => r.BytesCached))} cached).");
        }
        else
        {
            lines.Add($"{Count(failed.Length)} of {Count(results.Count)} {(results.Count == 1 ? "model" : "models")} failed:");
            lines.AddRange(failed.Select(r => $"  {ProgressLines.Prefix(r.Request.Label)}{r.Errors[0]}"));
        }

        foreach (var line in lines)
            output.Write(ProgressLines.Printable(line) + "\n");
        output.Flush();
    }

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);
}
