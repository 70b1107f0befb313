using System.CommandLine;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Hub;
using DownloadModels.LocalDir;
using DownloadModels.Output;
using DownloadModels.Settings;
using DownloadModels.Transfer;

namespace DownloadModels.Commands;

/// <summary>
/// What every command that touches the cache or the Hub shares for one run: the settings (common options
/// over the environment), the cache, the one HttpClient (made on first use, so commands that stay offline
/// never open a socket), the Hub client, the planner, the download service and the progress view. It also
/// prints the preamble — "Cache: … (from …)" and any endpoint warning — the same way for every command.
/// Downloads go to <see cref="Destination"/>: the cache, or the folder of --local-dir.
/// </summary>
internal sealed class RunContext : IDisposable
{
    private readonly Lazy<HttpClient> _client;
    private readonly Lazy<HubHttp> _http;

    private RunContext(RunSettings settings, AppEnvironment env, string? localDir, bool refetch)
    {
        Settings = settings;
        Env = env;
        Cache = new HubCache(settings.Cache.HubCacheDir);
        Destination = localDir is null ? Cache : new LocalFolder(localDir);
        Refetch = refetch;
        _client = new Lazy<HttpClient>(() => HttpClientFactory.Create(settings.Retry.StallTimeout, $"download-models/{AppInfo.Version}"));
        _http = new Lazy<HubHttp>(() => new HubHttp(_client.Value, settings.Connection));
    }

    public RunSettings Settings { get; }

    public AppEnvironment Env { get; }

    public HubCache Cache { get; }

    /// <summary>Where downloads go: <see cref="Cache"/>, or a <see cref="LocalFolder"/> with --local-dir.</summary>
    public IDownloadDestination Destination { get; }

    /// <summary>--force-download: what the destination holds is fetched and verified again.</summary>
    public bool Refetch { get; }

    /// <param name="destination">The command's --local-dir and --force-download, if it takes them.</param>
    public static RunContext Create(ParseResult parse, CommonOptions options, AppEnvironment env, DestinationOptions? destination = null)
    {
        var settings = RunSettings.Parse(parse, options, env);
        var localDir = destination is null ? null : parse.GetValue(destination.LocalDir);
        var refetch = destination is not null && parse.GetValue(destination.ForceDownload);
        if (refetch && settings.Offline)
            throw new UsageException("--force-download fetches from the Hub, so it cannot run offline (HF_HUB_OFFLINE is set): unset one of them.");
        return new(settings, env, localDir is null ? null : PathText.MakeAbsolute(localDir, env.CurrentDirectory, env.HomeDirectory), refetch);
    }

    /// <summary>
    /// The Hub client, or null offline. <paramref name="quick"/>: one retry only, for reports (--dry-run,
    /// verify) that should answer from the cache in seconds, not after a minute of backoff.
    /// </summary>
    public HubClient? Hub(bool quick = false)
    {
        if (Settings.Offline)
            return null;
        var retry = quick ? Settings.Retry with { MaxRetries = Math.Min(1, Settings.Retry.MaxRetries) } : Settings.Retry;
        return new HubClient(Http, retry);
    }

    public HubHttp Http => _http.Value;

    public ModelPlanner Planner(bool quick = false) => new(Hub(quick), Destination, Refetch);

    public DownloadService Downloads() =>
        new(Destination, Planner(), new BlobDownloader(Http, Settings.Transfer), new DownloadOptions(Settings.Jobs, Settings.Offline, Settings.SpaceCheck, Refetch));

    /// <summary>The live view on a terminal, plain lines elsewhere, only errors with --quiet; on stderr.</summary>
    public IProgressReporter Progress() =>
        Settings.Quiet ? new QuietProgressReporter(Env.Error)
        : Env.ProgressIsTerminal ? new LiveProgressReporter(Env.Error, TimeProvider.System, Env.TerminalWidth)
        : new PlainProgressReporter(Env.Error, TimeProvider.System, TimeSpan.FromSeconds(5));

    /// <summary>The run's first lines: where the cache is (to <paramref name="human"/>, unless quiet), and any endpoint warning.</summary>
    public void WritePreamble(TextWriter human)
    {
        if (Destination is LocalFolder local)
            Preamble.WriteLocalDir(human, local.Root, Settings.Quiet);
        else
            Preamble.WriteCache(human, Settings.Cache, Settings.Quiet);
        if (Settings.EndpointWarning is { } warning)
            Env.Error.WriteLine($"warning: {warning}");
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
            _client.Value.Dispose();
    }
}
