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
            parse.GetValue(options.Offline) || EnvSwitch(env, "HF_HUB_OFFLINE"), !parse.GetValue(options.NoSpaceCheck));
    }

    /// <summary>
    /// huggingface_hub's true values (1, ON, YES, TRUE, any case) and its false ones (0, OFF, NO, FALSE, empty);
    /// anything else is refused rather than silently read as false.
    /// </summary>
    private static bool EnvSwitch(AppEnvironment env, string name)
    {
        var value = env.GetEnv(name);
        if (IsTrue(value))
            return true;
        if (value is null || value.Trim().ToUpperInvariant() is "" or "0" or "OFF" or "NO" or "FALSE")
            return false;
        throw new UsageException($"{name} is '{PrintableValue(value)}', neither true (1, yes, on, true) nor false (0, no, off, false): fix or unset it.");
    }

    private static string PrintableValue(string value) =>
        string.Concat((value.Length > 40 ? value[..40] + "…" : value).Select(c => char.IsControl(c) ? '?' : c));

    private const string TimeoutVariable = "HF_HUB_DOWNLOAD_TIMEOUT";

    /// <summary>huggingface_hub's switch for its Xet path; here it means --transport http unless --transport says otherwise.</summary>
    public const string DisableXetVariable = "HF_HUB_DISABLE_XET";

    private static TransportMode TransportOf(string? option, AppEnvironment env) => option switch
    {
        "xet" => TransportMode.Xet,
        "http" => TransportMode.Http,
        "auto" => TransportMode.Auto,
        _ => EnvSwitch(env, DisableXetVariable) ? TransportMode.Http : TransportMode.Auto,
    };

    /// <summary>huggingface_hub's reading of boolean variables: 1, ON, YES, TRUE (any case).</summary>
    private static bool IsTrue(string? value) =>
        value?.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    /// <summary>A number of seconds (a fraction is rounded up); unset or empty is null; anything else is refused.</summary>
    private static int? EnvSeconds(AppEnvironment env, string name)
    {
        var value = env.GetEnv(name);
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && double.IsFinite(s))
            return (int)Math.Ceiling(Math.Min(s, int.MaxValue));
        throw new UsageException($"{name} is '{PrintableValue(value)}', not a number of seconds greater than 0: fix or unset it.");
    }

    private static TimeSpan? EnvMilliseconds(AppEnvironment env, string name) =>
        int.TryParse(env.GetEnv(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0 ? TimeSpan.FromMilliseconds(ms) : null;
}
