using System.Globalization;
using DownloadModels.Engine;
using DownloadModels.Units;

namespace DownloadModels.Output;

/// <summary>
/// The last line of a run: all ready, or which models failed. The failures' reasons were printed once as
/// they happened (on stderr), so they are named here, not repeated.
/// </summary>
internal static class RunSummary
{
    /// <param name="columns">On a terminal, its usable columns: the line is wrapped at spaces rather than cut mid-word by the terminal.</param>
    public static void Write(TextWriter output, IReadOnlyList<ModelResult> results, TimeSpan elapsed, string noun = "model", int? columns = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(results);
        var failed = results.Where(r => !r.Succeeded).ToArray();
        string line;
        if (results.Count == 0)
            line = $"No {noun}s to download.";
        else if (failed.Length == 0)
            line = $"{(results.Count == 1 ? $"1 {noun} ready" : $"All {Count(results.Count)} {noun}s ready")} in {Durations.Format(elapsed)} " +
                $"({ByteSize.Format(results.Sum(r => r.BytesFetched))} fetched, {ByteSize.Format(results.Sum(r => r.BytesCached))} cached" +
                $"{ProgressLines.Reused(results.Sum(r => r.BytesReused))}).";
        else
            line = $"{Count(failed.Length)} of {Count(results.Count)} {noun}{(results.Count == 1 ? "" : "s")} failed: {string.Join(", ", failed.Select(r => r.Request.Label))}.";

        var printable = ProgressLines.Printable(line);
        output.Write(string.Concat((columns is { } c ? DisplayText.Wrap(printable, c) : [printable]).Select(row => row + "\n")));
        output.Flush();
    }

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);
}
