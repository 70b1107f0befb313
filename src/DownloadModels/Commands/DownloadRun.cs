using System.Diagnostics;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Output;

namespace DownloadModels.Commands;

/// <summary>
/// The download the drop-in, `get` and `mirror --dry-run` share: the preamble, then either the dry-run
/// report or the downloads with the live view and the summary. Exit code N = models that failed.
/// </summary>
internal static class DownloadRun
{
    public static async Task<int> RunAsync(RunContext context, IReadOnlyList<ModelRequest> requests, CancellationToken ct)
    {
        var (settings, env) = (context.Settings, context.Env);
        if (context.Destination is not HubCache && requests.Select(r => r.Repo).Distinct().Count() > 1)
            throw new UsageException($"--local-dir holds one repo, as hf download's does, and this run selects {requests.Count}: name one repo (the drop-in: one --only), or give each its own folder.");
        context.WritePreamble(env.Out);
        if (settings.DryRun)
        {
            var planner = context.Planner(quick: true);
            var answers = await Task.WhenAll(requests.Select(r => planner.PlanOrFallBackAsync(r, settings.Offline, ct)));
            return ExitCodes.ForFailures(DryRunReport.WriteAll(env.Out, env.Error, answers));
        }

        var clock = Stopwatch.StartNew();
        var results = await EnsureAsync(context, requests, ct);
        if (!settings.Quiet)
            RunSummary.Write(env.Out, results, clock.Elapsed);
        return ExitCodes.ForFailures(results.Count(r => !r.Succeeded));
    }

    /// <summary>The downloads alone, with the progress view (closed before anything else is printed).</summary>
    public static async Task<IReadOnlyList<ModelResult>> EnsureAsync(RunContext context, IReadOnlyList<ModelRequest> requests, CancellationToken ct)
    {
        await using var progress = context.Progress();
        return await context.Downloads().EnsureAsync(requests, progress, ct);
    }
}
