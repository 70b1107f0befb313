using System.Globalization;
using DownloadModels.Engine;
using DownloadModels.Transfer;
using DownloadModels.Units;

namespace DownloadModels.Output;

/// <summary>
/// <c>--dry-run</c>: what each model would need, file by file, without downloading anything. The
/// commit is printed in full so it can be pasted as a pinned revision.
/// </summary>
internal static class DryRunReport
{
    /// <summary>Every model's answer in order: its plan, or the one line why not. Returns how many could not be reported.</summary>
    public static int WriteAll(TextWriter output, TextWriter error, IReadOnlyList<PlanAnswer> answers, TransportMode transport = TransportMode.Auto,
        Func<ModelPlan, Repos.RepoFile, long>? reused = null)
    {
        var failed = 0;
        foreach (var answer in answers)
        {
            if (answer.Plan is { } plan)
            {
                Write(output, plan, transport, reused);
                continue;
            }

            failed++;
            if (answer.Unreachable)
                WriteNotInCache(output, answer.Request, answer.Error!);
            else
                error.WriteLine($"[{answer.Request.Label}] {answer.Error}");
        }

        return failed;
    }

    /// <summary>
    /// One model's plan. <paramref name="reused"/> gives, for a file to fetch over Xet, the bytes chunk reuse would copy
    /// from the cache instead (0 when none): the file's line and the model's "to fetch" then count only the rest.
    /// </summary>
    public static void Write(TextWriter output, ModelPlan plan, TransportMode transport = TransportMode.Auto, Func<ModelPlan, Repos.RepoFile, long>? reused = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(plan);
        var reuse = plan.Files.Select(f => f.Cached || reused is null ? 0 : reused(plan, f.File)).ToArray();
        var lines = new List<string> { $"{ProgressLines.Prefix(plan.Request.Label)}{Header(plan.Request)}" };
        if (plan.FromCacheOnly)
            lines.Add(plan.HubUnreachable == Engine.ModelPlanner.OfflineReason
                ? "  offline mode: reporting from the cache only"
                : $"  the hub could not be reached ({plan.HubUnreachable}); reporting from the cache only");

        lines.Add($"  commit   {plan.Commit}");
        lines.Add($"  files    {plan.Files.Count.ToString(CultureInfo.InvariantCulture)} ({ByteSize.Format(plan.TotalBytes)})");
        lines.Add($"  cached   {ByteSize.Format(plan.CachedBytes)}");
        lines.Add($"  to fetch {ByteSize.Format(plan.BytesToFetch - reuse.Sum())}");
        if (reuse.Sum() > 0)
            lines.Add($"  reused   {ByteSize.Format(reuse.Sum())} (Xet chunks the cache holds, copied instead of fetched)");
        if (plan.MissingOptional.Count > 0)
            lines.Add($"  absent   {string.Join(", ", plan.MissingOptional)} (optional, marked as missing)");

        // Columns aligned across the model's files, so the sizes and states read as a table.
        var sizes = plan.Files.Select(f => ByteSize.Format(f.File.Size)).ToArray();
        var pathWidth = plan.Files.Count == 0 ? 0 : plan.Files.Max(f => f.File.Path.Length);
        var sizeWidth = sizes.Length == 0 ? 0 : sizes.Max(s => s.Length);
        for (var i = 0; i < plan.Files.Count; i++)
        {
            var file = plan.Files[i];
            var state = file.Cached ? "cached" : ToFetch(file.File, transport);
            if (reuse[i] > 0)
                state += $": {ByteSize.Format(file.File.Size - reuse[i])}, {ByteSize.Format(reuse[i])} reused from the cache";
            lines.Add($"    {file.File.Path.PadRight(pathWidth)}  {sizes[i].PadLeft(sizeWidth)}  {state}");
        }

        WriteLines(output, lines);
    }

    /// <summary>"to fetch (xet)" for a file the Xet store would carry; plain "to fetch" over HTTP, as always.</summary>
    private static string ToFetch(Repos.RepoFile file, TransportMode transport) =>
        XetTransport.Predict(file, transport) == BlobTransport.Xet ? "to fetch (xet)" : "to fetch";

    /// <summary>A model the Hub could not answer for and the cache does not hold.</summary>
    public static void WriteNotInCache(TextWriter output, ModelRequest request, string reason)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(request);
        var why = reason == Engine.ModelPlanner.OfflineReason ? "offline mode" : $"the hub could not be reached ({reason})";
        WriteLines(output, [$"{ProgressLines.Prefix(request.Label)}{Header(request)}: not in the cache, and {why}"]);
    }

    private static string Header(ModelRequest request) => $"{request.Repo.Id} @ {request.Revision}";

    private static void WriteLines(TextWriter output, IEnumerable<string> lines)
    {
        foreach (var line in lines)
            output.Write(ProgressLines.Printable(line) + "\n");
        output.Flush();
    }
}
