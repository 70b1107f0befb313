using System.Diagnostics;
using System.Net;
using DownloadModels.Cache;
using DownloadModels.Engine;
using DownloadModels.Hub;
using DownloadModels.Output;
using DownloadModels.Tls;
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

        var clock = Stopwatch.StartNew();
        var results = await EnsureAsync(requests, cache, http, ct);
        if (!settings.Quiet)
            RunSummary.Write(env.Out, results, clock.Elapsed);
        return ExitCodes.ForFailures(results.Count(r => !r.Succeeded));
    }

    /// <summary>
    /// Brings the models into the cache (offline: checks they are all there) and returns how each
    /// ended. Commands that need the models present first (pack, mirror) call this.
    /// </summary>
    public async Task<IReadOnlyList<ModelResult>> EnsureAsync(IReadOnlyList<ModelRequest> requests, HubCache cache, HubHttp http, CancellationToken ct)
    {
        // Offline, a complete cache needs no write (links, refs and markers are only rewritten when wrong),
        // so a read-only mount that holds everything still passes.
        if (!settings.Offline && cache.CheckWritable() is { } notWritable)
            throw new UsageException(notWritable);

        var planner = new ModelPlanner(new HubClient(http, settings.Retry), cache);
        var downloader = new BlobDownloader(http, settings.Transfer);
        await using var progress = CreateReporter();
        var engine = new ModelDownloader(planner, downloader, cache, progress, settings.Jobs, settings.Offline);
        var plans = await engine.PlanAllAsync(requests, ct);
        if (settings.SpaceCheck && !settings.Offline && DiskSpace.Check(plans, cache, DiskSpace.FreeBytes) is { } noRoom)
            throw new UsageException(noRoom);
        return await engine.RunAsync(plans, ct);
    }

    /// <summary>Reads, never writes. Without a Hub (or offline) it reports what the cache holds, and says why.</summary>
    private async Task<int> DryRunAsync(IReadOnlyList<ModelRequest> requests, HubCache cache, HubHttp http, CancellationToken ct)
    {
        // One quick retry only: a dry-run on a plane should answer from the cache in seconds, not after a minute of backoff.
        var planner = new ModelPlanner(new HubClient(http, settings.Retry with { MaxRetries = Math.Min(1, settings.Retry.MaxRetries) }), cache);
        var answers = await Task.WhenAll(requests.Select(async request =>
        {
            try
            {
                return (request, Plan: settings.Offline ? null : await planner.PlanAsync(request, ct), Error: settings.Offline ? ModelPlanner.OfflineReason : null, Unreachable: settings.Offline);
            }
            catch (HubException e) when (!ct.IsCancellationRequested)
            {
                return (request, Plan: (ModelPlan?)null, Error: e.Message, Unreachable: e.Kind is HubErrorKind.Transient);
            }
        }));

        var failed = 0;
        foreach (var (request, plan, error, unreachable) in answers)
        {
            var report = plan ?? (unreachable ? planner.PlanFromCache(request, error!) : null);
            if (report is not null)
            {
                DryRunReport.Write(env.Out, report);
                continue;
            }

            failed++;
            if (unreachable)
                DryRunReport.WriteNotInCache(env.Out, request, error!);
            else
                env.Error.WriteLine($"[{request.Label}] {error}");
        }

        return ExitCodes.ForFailures(failed);
    }

    private IProgressReporter CreateReporter() =>
        settings.Quiet ? new QuietProgressReporter(env.Error)
        : env.ProgressIsTerminal ? new LiveProgressReporter(env.Error, TimeProvider.System, env.TerminalWidth)
        : new PlainProgressReporter(env.Error, TimeProvider.System, TimeSpan.FromSeconds(5));

    /// <summary>
    /// Redirects are followed by hand (see <see cref="HubHttp"/>); decompression stays off so sizes and
    /// ranges are exact; the proxy comes from HTTPS_PROXY/HTTP_PROXY/NO_PROXY (the runtime's default), and
    /// the CA certificates from the system store or SSL_CERT_FILE/SSL_CERT_DIR (<see cref="ServerTrust"/>),
    /// both read from the process environment as OpenSSL itself would.
    /// </summary>
    public static HttpClient CreateHttpClient(TimeSpan stallTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = stallTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseProxy = true,
        };
        ServerTrust.Apply(handler, () => CaStoreLoader.Load(Environment.GetEnvironmentVariable));
        var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd($"download-models/{AppInfo.Version}");
        return client;
    }
}
