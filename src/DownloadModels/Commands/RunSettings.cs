using System.CommandLine;
using System.Globalization;
using DownloadModels.Contract;
using DownloadModels.Hub;
using DownloadModels.Settings;
using DownloadModels.Transfer;

namespace DownloadModels.Commands;

/// <summary>The common options after validation, with the environment's defaults applied.</summary>
internal sealed record RunSettings(
    CacheLocation Cache,
    HubConnection Connection,
    string? EndpointWarning,
    RetryPolicy Retry,
    TransferSettings Transfer,
    int Jobs,
    bool DryRun,
    bool Quiet,
    bool Offline,
    bool SpaceCheck)
{
    /// <summary>Test knob (documented in README): shortens the backoff so fault tests run in seconds.</summary>
    public const string RetryDelayVariable = "DOWNLOAD_MODELS_RETRY_BASE_DELAY_MS";

    /// <summary>
    /// The options' values are already checked by their validators (<see cref="CommonOptions"/>); what is
    /// checked here depends on the environment too: the timeout variable, the endpoint and the token.
    /// </summary>
    public static RunSettings Parse(ParseResult parse, CommonOptions options, AppEnvironment env)
    {
        var timeout = parse.GetValue(options.Timeout) ?? EnvSeconds(env, TimeoutVariable) ?? CommonOptions.DefaultTimeoutSeconds;
        if (timeout > CommonOptions.MaxTimeoutSeconds)
            throw new UsageException($"{TimeoutVariable} must be at most {CommonOptions.MaxTimeoutSeconds} seconds (got {timeout}).");

        var cache = CacheLocator.Resolve(parse.GetValue(options.CacheDir), env.GetEnv, env.CurrentDirectory, env.HomeDirectory);
        var endpoint = EndpointResolver.Resolve(parse.GetValue(options.Endpoint), env.GetEnv);
        if (!endpoint.IsValid)
            throw new UsageException(endpoint.Error);
        var token = TokenResolver.Resolve(parse.GetValue(options.Token), env.GetEnv, cache.HfHome);

        var baseDelay = EnvMilliseconds(env, RetryDelayVariable) ?? RetryPolicy.Default.BaseDelay;
        var retry = RetryPolicy.Default with
        {
            MaxRetries = parse.GetValue(options.Retries),
            BaseDelay = baseDelay,
            MaxDelay = baseDelay * 8,
            StallTimeout = TimeSpan.FromSeconds(timeout),
        };
        var transfer = new TransferSettings(retry, parse.GetValue(options.Connections), parse.GetValue(options.ChunkSizeMb) * 1024L * 1024,
            parse.GetValue(options.MaxConnections))
        {
            Transport = TransportOf(parse.GetValue(options.Transport), env),
            ChunkReuse = !parse.GetValue(options.NoChunkReuse),
        };
        return new RunSettings(cache, new HubConnection(endpoint.Endpoint, token?.Value), endpoint.Warning, retry, transfer, parse.GetValue(options.Jobs),
            parse.GetValue(options.DryRun), parse.GetValue(options.Output.Quiet),
            parse.GetValue(options.Offline) || IsTrue(env.GetEnv("HF_HUB_OFFLINE")), !parse.GetValue(options.NoSpaceCheck));
    }

    private const string TimeoutVariable = "HF_HUB_DOWNLOAD_TIMEOUT";

    /// <summary>huggingface_hub's switch for its Xet path; here it means --transport http unless --transport says otherwise.</summary>
    public const string DisableXetVariable = "HF_HUB_DISABLE_XET";

    private static TransportMode TransportOf(string? option, AppEnvironment env) => option switch
    {
        "xet" => TransportMode.Xet,
        "http" => TransportMode.Http,
        "auto" => TransportMode.Auto,
        _ => IsTrue(env.GetEnv(DisableXetVariable)) ? TransportMode.Http : TransportMode.Auto,
    };

    /// <summary>huggingface_hub's reading of boolean variables: 1, ON, YES, TRUE (any case).</summary>
    private static bool IsTrue(string? value) =>
        value?.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    private static int? EnvSeconds(AppEnvironment env, string name) =>
        double.TryParse(env.GetEnv(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 1 ? (int)Math.Ceiling(s) : null;

    private static TimeSpan? EnvMilliseconds(AppEnvironment env, string name) =>
        int.TryParse(env.GetEnv(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0 ? TimeSpan.FromMilliseconds(ms) : null;
}
