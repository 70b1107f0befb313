using System.CommandLine;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Hub;
using DownloadModels.LocalDir;
using DownloadModels.Output;
using DownloadModels.Settings;
using DownloadModels.Output.Json;
using DownloadModels.Transfer;

namespace DownloadModels.Commands;

/// <summary>
/// What every command that touches the cache or the Hub shares for one run: the settings (common options
/// over the environment), the output mode, the cache, the one HttpClient (made on first use, so commands
/// that stay offline never open a socket), the Hub client, the planner, the download service, the progress
/// view and where retries are told. It also prints the preamble — "Cache: … (from …)" and any endpoint
/// warning, on stderr — the same way for every command.
/// Downloads go to <see cref="Destination"/>: the cache, or the folder of --local-dir.
/// </summary>
internal sealed class RunContext : IDisposable
{
    /// <summary>The plain view's heartbeat: often enough for a CI log, rarely enough not to flood it.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);

    private readonly Lazy<HttpClient> _client;
    private readonly Lazy<HubHttp> _http;

    private RunContext(RunSettings settings, OutputMode output, string command, AppEnvironment env, string? localDir, bool refetch)
    {
        Settings = settings;
        Output = output;
        Command = command;
        Env = env;
        Cache = new HubCache(settings.Cache.HubCacheDir);
        Destination = localDir is null ? Cache : new LocalFolder(localDir);
        Refetch = refetch;
        Retries = new RetryRelay(env.Error, settings.Quiet);
        _client = new Lazy<HttpClient>(() => HttpClientFactory.Create(settings.Retry.StallTimeout, $"download-models/{AppInfo.Version}"));
        _http = new Lazy<HubHttp>(() => new HubHttp(_client.Value, settings.Connection));
    }

    public RunSettings Settings { get; }

    /// <summary>--format, --progress, --verbose, --quiet.</summary>
    public OutputMode Output { get; }

    /// <summary>The command's name in the JSON document: "download" for the drop-in, else the subcommand's.</summary>
    public string Command { get; }

    public AppEnvironment Env { get; }

    public HubCache Cache { get; }

    /// <summary>Where downloads go: <see cref="Cache"/>, or a <see cref="LocalFolder"/> with --local-dir.</summary>
    public IDownloadDestination Destination { get; }

    /// <summary>--force-download: what the destination holds is fetched and verified again.</summary>
    public bool Refetch { get; }

    /// <summary>Every retry of the run is told here (to the progress view while one is open).</summary>
    public RetryRelay Retries { get; }

    /// <param name="destination">The command's --local-dir and --force-download, if it takes them.</param>
    public static RunContext Create(ParseResult parse, CommonOptions options, AppEnvironment env, DestinationOptions? destination = null)
    {
        var settings = RunSettings.Parse(parse, options, env);
        var localDir = destination is null ? null : parse.GetValue(destination.LocalDir);
        var refetch = destination is not null && parse.GetValue(destination.ForceDownload);
        if (refetch && settings.Offline)
            throw new UsageException("--force-download fetches from the Hub, so it cannot run offline (HF_HUB_OFFLINE is set): unset one of them.");
        return new(settings, options.Output.Read(parse), CommandName(parse), env,
            localDir is null ? null : PathText.MakeAbsolute(localDir, env.CurrentDirectory, env.HomeDirectory), refetch);
    }

    /// <summary>"download" for the root command (the drop-in), else the subcommand's name.</summary>
    public static string CommandName(ParseResult parse) =>
        parse.CommandResult.Command is RootCommand ? "download" : parse.CommandResult.Command.Name;

    /// <summary>
    /// The Hub client, or null offline. <paramref name="quick"/>: one retry only, for reports (--dry-run,
    /// verify) that should answer from the cache in seconds, not after a minute of backoff.
    /// </summary>
    public HubClient? Hub(bool quick = false)
    {
        if (Settings.Offline)
            return null;
        var retry = (quick ? Settings.Retry with { MaxRetries = Math.Min(1, Settings.Retry.MaxRetries) } : Settings.Retry) with { Observer = Retries };
        return new HubClient(Http, retry);
    }

    public HubHttp Http => _http.Value;

    /// <summary>The run's one HttpClient (push and pull talk to registries through it).</summary>
    public HttpClient Client => _client.Value;

    public ModelPlanner Planner(bool quick = false) => new(Hub(quick), Destination, Refetch);

    public ModelDownloader Downloads() =>
        new(Destination, Planner(), new BlobDownloader(Http, Settings.Transfer with { Retry = Settings.Transfer.Retry with { Observer = Retries } }),
            new DownloadOptions(Settings.Jobs, Settings.Offline, Settings.SpaceCheck, Refetch));

    /// <summary>
    /// The progress view on stderr: --quiet and --progress none print only errors; otherwise the live view
    /// on a terminal (or with --progress live), plain lines elsewhere (or with --progress plain).
    /// </summary>
    public IProgressReporter Progress()
    {
        if (Settings.Quiet || Output.Progress == ProgressMode.None)
            return new QuietProgressReporter(Env.Error);
        return Output.Progress == ProgressMode.Live || (Output.Progress == ProgressMode.Auto && Env.ProgressIsTerminal)
            ? new LiveProgressReporter(Env.Error, TimeProvider.System, Env.Terminal, Output.Verbose)
            : new PlainProgressReporter(Env.Error, TimeProvider.System, Heartbeat, Output.Verbose);
    }

    /// <summary>The run's first lines, on stderr: where the cache is (unless quiet), and any endpoint warning.</summary>
    public void WritePreamble()
    {
        if (Destination is LocalFolder local)
            Preamble.WriteLocalDir(Env.Error, local.Root, Settings.Quiet);
        else
            Preamble.WriteCache(Env.Error, Settings.Cache, Settings.Quiet);
        if (Settings.EndpointWarning is { } warning)
            Env.Error.WriteLine(warning);
    }

    /// <summary>What the JSON document says about this run.</summary>
    public RunHeader Header(TimeSpan elapsed) => new(Command, Settings.DryRun, Settings.Offline, Settings.Cache.HubCacheDir, elapsed)
    {
        LocalDir = (Destination as LocalFolder)?.Root,
    };

    /// <summary>Where a repo's files of <c>commit</c> are read: its snapshot in the cache, or the local dir.</summary>
    public string SnapshotFolder(ModelRequest request, string commit) => Destination.Repo(request.Repo).SnapshotFolder(commit);

    public void Dispose()
    {
        if (_client.IsValueCreated)
            _client.Value.Dispose();
    }
}
