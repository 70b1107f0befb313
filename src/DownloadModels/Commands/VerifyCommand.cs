using System.CommandLine;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Hub;
using DownloadModels.Inspection;
using DownloadModels.Output;

namespace DownloadModels.Commands;

/// <summary>
/// `verify [selection] [--repair]`: re-hashes every cached file of the selection against its commit's
/// listing and reports what is missing, corrupt, dangling, wrongly linked or extra. The answer to "the
/// cache is corrupted: rm -rf and download again": --repair deletes only what is bad and fetches it again.
/// Exit code N = repos with problems (left after --repair).
/// </summary>
internal sealed class VerifyCommand
{
    private readonly AppEnvironment _env;
    private readonly CommonOptions _common;
    private readonly SelectionOptions _selection = new();

    private readonly Option<bool> _repair = new("--repair")
    {
        Description = "Fetch again what is wrong (corrupt blobs and files the commit does not have are deleted first), then verify again.",
    };

    public VerifyCommand(AppEnvironment env, CommonOptions common, CancellationToken ct)
    {
        _env = env;
        _common = common;
        _selection.AddTo(Command);
        Command.Options.Add(_repair);
        Command.SetAction((parse, _) => CommandGuard.RunAsync(env, ct, () => RunAsync(parse, ct)));
    }

    public Command Command { get; } = new("verify",
        "Re-hash the cached files of the selection (the pipeline's models, or REPO ids) against their commit; report missing, corrupt, dangling, wrongly linked and extra files.");

    private async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var settings = RunSettings.Parse(parse, _common, _env);
        var requests = _selection.Requests(parse, _env);
        var repair = parse.GetValue(_repair);
        if (repair && settings.Offline)
            throw new UsageException("--repair fetches from the Hub, so it cannot run offline (--offline or HF_HUB_OFFLINE): drop one of them.");
        if (!settings.Quiet)
            _env.Out.WriteLine($"Cache: {settings.Cache.HubCacheDir} (from {settings.Cache.Source})");
        if (settings.EndpointWarning is { } warning)
            _env.Error.WriteLine($"warning: {warning}");
        if (settings.Offline && !settings.Quiet)
            _env.Out.WriteLine("Offline: checking against the cache's own records (refs/ and trees/{commit}.json).");

        var cache = new HubCache(settings.Cache.HubCacheDir);
        using var client = DownloadRunner.CreateHttpClient(settings.Retry.StallTimeout);
        var http = new HubHttp(client, settings.Connection);
        var results = await VerifyAsync(requests, cache, http, settings, ct);
        var broken = results.Where(r => r.HasProblems).ToArray();
        if (broken.Length == 0 || !repair || settings.DryRun)
        {
            var hint = settings.DryRun && repair ? "--dry-run: nothing was repaired."
                : settings.Offline ? "Run it online with --repair to fetch what is wrong again."
                : "Run the same command with --repair to fetch what is wrong again.";
            VerifyReport.WriteSummary(_env.Out, results, hint);
            return ExitCodes.ForFailures(broken.Length);
        }

        VerifyReport.WriteSummary(_env.Out, results, "Repairing...");
        foreach (var result in broken)
        {
            foreach (var stuck in CacheRepair.RemoveBad(cache, result))
                _env.Error.WriteLine($"[{result.Request.Label}] warning: could not remove {stuck} (behind a link, or not writable); leaving it");
        }

        await new DownloadRunner(settings, _env).EnsureAsync([.. broken.Select(r => r.Request)], cache, http, ct);
        if (!settings.Quiet)
            VerifyReport.WriteLine(_env.Out, "After repair:");
        var again = await VerifyAsync([.. broken.Select(r => r.Request)], cache, http, settings, ct);
        var final = results.Where(r => !r.HasProblems).Concat(again).ToArray();
        VerifyReport.WriteSummary(_env.Out, final, "What is still wrong is listed above.");
        return ExitCodes.ForFailures(final.Count(r => r.HasProblems));
    }

    /// <summary>
    /// Every repo at once (hashing bounded by --jobs); each is printed as soon as it and those before it
    /// are done, so the report streams in the selection's order.
    /// </summary>
    private async Task<IReadOnlyList<RepoVerification>> VerifyAsync(IReadOnlyList<ModelRequest> requests, HubCache cache, HubHttp http, RunSettings settings, CancellationToken ct)
    {
        // One quick retry only, as for --dry-run: without the Hub, verify answers from the cache's saved listings.
        var hub = settings.Offline ? null : new HubClient(http, settings.Retry with { MaxRetries = Math.Min(1, settings.Retry.MaxRetries) });
        var resolver = new TargetResolver(hub, cache);
        using var hashSlots = new SemaphoreSlim(settings.Jobs);
        var checker = new SnapshotChecker(cache, hashSlots);
        var pending = requests.Select(async r => await checker.CheckAsync(await resolver.ResolveAsync(r, ct), ct)).ToArray();
        var results = new List<RepoVerification>(pending.Length);
        try
        {
            foreach (var task in pending)
            {
                var result = await task;
                VerifyReport.WriteRepo(_env.Out, result, settings.Quiet);
                results.Add(result);
            }
        }
        finally
        {
            // The semaphore must outlive every task, including those still running when one throws.
            await ((Task)Task.WhenAll(pending)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return results;
    }
}
