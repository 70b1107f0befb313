using System.Diagnostics;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Output;
using DownloadModels.Output.Json;
using DownloadModels.Transfer;

namespace DownloadModels.Commands;

/// <summary>
/// The download the drop-in, `get` (and whatever else brings repos into the cache) share: the preamble,
/// then either the dry-run report or the downloads with the progress view, then the result — one JSON
/// document with --format json, else the text result on stdout (<see cref="TextResult"/>). Exit code N =
/// models that failed. A command built on this gets all of that, JSON included, for free.
/// </summary>
internal static class DownloadRun
{
    public static async Task<int> RunAsync(RunContext context, IReadOnlyList<ModelRequest> requests, CancellationToken ct, TextResult text = TextResult.SnapshotPaths)
    {
        var (settings, env) = (context.Settings, context.Env);
        if (context.Destination is not HubCache && requests.Select(r => r.Repo).Distinct().Count() > 1)
            throw new UsageException($"--local-dir holds one repo, as hf download's does, and this run selects {requests.Count}: name one repo (the drop-in: one --only), or give each its own folder.");
        var clock = Stopwatch.StartNew();
        context.WritePreamble();
        if (settings.DryRun)
            return await DryRunAsync(context, requests, clock, ct);

        var results = await EnsureAsync(context, requests, ct);
        var exitCode = ExitCodes.ForFailures(results.Count(r => !r.Succeeded));
        if (context.Output.Json)
        {
            JsonReport.Write(env.Out, context.Header(clock.Elapsed).Document([.. results.Select(RepoDocuments.From)], exitCode));
            return exitCode;
        }

        if (text == TextResult.Summary)
        {
            if (!settings.Quiet)
                RunSummary.Write(env.Out, results, clock.Elapsed);
            return exitCode;
        }

        if (!settings.Quiet)
            RunSummary.Write(env.Error, results, clock.Elapsed, "repo", env.ProgressIsTerminal ? Math.Max(1, env.Terminal().Width - 1) : null);
        // A file named after the repo (get REPO FILE): its path, as hf download prints it.
        foreach (var path in results.Select(r => r.SnapshotPath is { } snapshot && r.Request.Spec.NamedFile is { } file ? Path.Combine(snapshot, file) : r.SnapshotPath).OfType<string>())
            env.Out.Write(ProgressLines.Printable(path) + "\n");
        env.Out.Flush();
        return exitCode;
    }

    /// <summary>The downloads alone, with the progress view (closed before anything else is printed) told of every retry.</summary>
    public static async Task<IReadOnlyList<ModelResult>> EnsureAsync(RunContext context, IReadOnlyList<ModelRequest> requests, CancellationToken ct)
    {
        await using var progress = context.Progress();
        using var watching = context.Retries.Watch(progress);
        return await context.Downloads().EnsureAsync(requests, progress, ct);
    }

    /// <summary>--dry-run: per model the commit, files and bytes cached / to fetch (or why it cannot be told); nothing is written.</summary>
    private static async Task<int> DryRunAsync(RunContext context, IReadOnlyList<ModelRequest> requests, Stopwatch clock, CancellationToken ct)
    {
        var (settings, env) = (context.Settings, context.Env);
        var planner = context.Planner(quick: true);
        var answers = await Task.WhenAll(requests.Select(r => planner.PlanOrFallBackAsync(r, settings.Offline, ct)));
        var exitCode = ExitCodes.ForFailures(answers.Count(a => a.Plan is null));
        var reuse = await ReuseEstimatesAsync(context, answers, ct);
        long Reused(ModelPlan plan, Repos.RepoFile file) => reuse.TryGetValue((plan, file.Path), out var bytes) ? bytes : 0;
        if (context.Output.Json)
        {
            foreach (var refused in answers.Where(a => a.Plan is null && !a.Unreachable))
                env.Error.WriteLine($"{ProgressLines.Prefix(refused.Request.Label)}{refused.Error}");
            JsonReport.Write(env.Out, context.Header(clock.Elapsed).Document([.. answers.Select(a => RepoDocuments.From(a, context.SnapshotFolder, settings.Transfer.Transport, Reused))], exitCode));
            return exitCode;
        }

        DryRunReport.WriteAll(env.Out, env.Error, answers, settings.Transfer.Transport, Reused);
        return exitCode;
    }

    /// <summary>
    /// --dry-run into the cache, online: for each file the Xet store would carry, the bytes chunk reuse would copy from
    /// the cache (reconstructions only, JSON; no xorb byte, nothing written). A file the store cannot tell about counts none.
    /// </summary>
    private static async Task<Dictionary<(ModelPlan Plan, string Path), long>> ReuseEstimatesAsync(RunContext context, IReadOnlyList<PlanAnswer> answers, CancellationToken ct)
    {
        var estimates = new Dictionary<(ModelPlan, string), long>();
        var settings = context.Settings;
        if (settings.Offline || !settings.Transfer.ChunkReuse || context.Destination is not HubCache cache)
            return estimates;
        var downloader = new BlobDownloader(context.Http, settings.Transfer);
        foreach (var plan in answers.Select(a => a.Plan).OfType<ModelPlan>().Where(p => !p.FromCacheOnly))
        {
            var repo = cache.Repo(plan.Request.Repo);
            foreach (var file in plan.Files.Where(f => !f.Cached))
            {
                if (await downloader.EstimateReuseAsync(repo, file.File, plan.Commit, ct) is > 0 and long bytes)
                    estimates[(plan, file.File.Path)] = bytes;
            }
        }

        return estimates;
    }
}
