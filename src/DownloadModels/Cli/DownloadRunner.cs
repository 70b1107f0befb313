using System.Diagnostics;
using System.Net;
using DownloadModels.Cache;
using DownloadModels.Engine;
using DownloadModels.Hub;
using DownloadModels.Output;
using DownloadModels.Transfer;

namespace DownloadModels.Cli;

/// <summary>
/// The one place a run is wired together: one HttpClient for the whole run, the Hub client, the cache,
/// the progress view; then either a dry-run report or the downloads and their summary.
/// </summary>
internal sealed class DownloadRunner(RunSettings settings, AppEnvironment env)
{
    public async Task<int> RunAsync(IReadOnlyList<ModelRequest> requests, CancellationToken ct)
    {
        if (!settings.Quiet)
            env.Out.WriteLine($"Cache: {settings.Cache.HubCacheDir} (from {settings.Cache.Source})");
        if (settings.EndpointWarning is { } warning)
            env.Error.WriteLine($"warning: {warning}");

        var cache = new HubCache(settings.Cache.HubCacheDir);
        using var client = CreateHttpClient(settings.Retry.StallTimeout);
        var http = new HubHttp(client, settings.Connection);

        if (settings.DryRun)
            return await DryRunAsync(requests, cache, http, ct);

        if (cache.CheckWritable() is { } notWritable)
            throw new UsageException(notWritable);

        var clock = Stopwatch.StartNew();
        var planner = new ModelPlanner(new HubClient(http, settings.Retry), cache);
        var downloader = new BlobDownloader(http, new TransferSettings(settings.Retry));
        IReadOnlyList<ModelResult> results;
        await using (var progress = CreateReporter())
        {
            results = await new ModelDownloader(planner, downloader, cache, progress, settings.Jobs).RunAsync(requests, ct);
        }

        if (!settings.Quiet)
            RunSummary.Write(env.Out, results, clock.Elapsed);
        return ExitCodes.ForFailures(results.Count(r => !r.Succeeded));
    }

    /// <summary>Reads, never writes. Without a Hub it still reports what the cache holds, and says why.</summary>
    private async Task<int> DryRunAsync(IReadOnlyList<ModelRequest> requests, HubCache cache, HubHttp http, CancellationToken ct)
    {
        // One quick retry only: a dry-run on a plane should answer from the cache in seconds, not after a minute of backoff.
        var planner = new ModelPlanner(new HubClient(http, settings.Retry with { MaxRetries = Math.Min(1, settings.Retry.MaxRetries) }), cache);
        var failed = 0;
        foreach (var request in requests)
        {
            try
            {
                DryRunReport.Write(env.Out, await planner.PlanAsync(request, ct));
            }
            catch (HubException e) when (e.Kind is HubErrorKind.Transient && !ct.IsCancellationRequested)
            {
                if (planner.PlanFromCache(request, e.Message) is { } fromCache)
                {
                    DryRunReport.Write(env.Out, fromCache);
                }
                else
                {
                    DryRunReport.WriteNotInCache(env.Out, request, e.Message);
                    failed++;
                }
            }
            catch (HubException e) when (!ct.IsCancellationRequested)
            {
                env.Error.WriteLine($"[{request.Label}] {e.Message}");
                failed++;
            }
        }

        return ExitCodes.ForFailures(failed);
    }

    private IProgressReporter CreateReporter() =>
        settings.Quiet ? new QuietProgressReporter(env.Error)
        : env.ProgressIsTerminal ? new LiveProgressReporter(env.Error, TimeProvider.System, env.TerminalWidth)
        : new PlainProgressReporter(env.Error, TimeProvider.System, TimeSpan.FromSeconds(5));

    /// <summary>
    /// Redirects are followed by hand (see <see cref="HubHttp"/>); decompression stays off so sizes and
    /// ranges are exact; the proxy comes from HTTPS_PROXY/HTTP_PROXY/NO_PROXY (the runtime's default).
    /// </summary>
    private static HttpClient CreateHttpClient(TimeSpan stallTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = stallTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseProxy = true,
        };
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd($"download-models/{AppInfo.Version}");
        return client;
    }
}
