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
    public const int MaxJobs = 64;

    /// <summary>Test knob (documented in README): shortens the backoff so fault tests run in seconds.</summary>
    public const string RetryDelayVariable = "DOWNLOAD_MODELS_RETRY_BASE_DELAY_MS";

    public static RunSettings Parse(ParseResult parse, CommonOptions options, AppEnvironment env)
    {
        var jobs = parse.GetValue(options.Jobs);
        if (jobs is < 1 or > MaxJobs)
            throw new UsageException($"--jobs must be between 1 and {MaxJobs} (got {jobs}).");
        var retries = parse.GetValue(options.Retries);
        if (retries is < 0 or > 100)
            throw new UsageException($"--retries must be between 0 and 100 (got {retries}).");
        var timeout = parse.GetValue(options.Timeout) ?? EnvSeconds(env, "HF_HUB_DOWNLOAD_TIMEOUT") ?? CommonOptions.DefaultTimeoutSeconds;
        if (timeout is < 1 or > 3600)
            throw new UsageException($"--timeout must be between 1 and 3600 seconds (got {timeout}).");

        var cacheDir = parse.GetValue(options.CacheDir);
        if (cacheDir is { Length: 0 })
            throw new UsageException("--cache-dir is empty: give a folder, e.g. --cache-dir /mnt/models.");
        var cache = CacheLocator.Resolve(cacheDir, env.GetEnv, env.CurrentDirectory, env.HomeDirectory);

        var endpoint = EndpointResolver.Resolve(parse.GetValue(options.Endpoint), env.GetEnv);
        if (!endpoint.IsValid)
            throw new UsageException(endpoint.Error);
        var token = TokenResolver.Resolve(parse.GetValue(options.Token), env.GetEnv, cache.HfHome);

        var baseDelay = EnvMilliseconds(env, RetryDelayVariable) ?? RetryPolicy.Default.BaseDelay;
        var retry = RetryPolicy.Default with
        {
            MaxRetries = retries,
            BaseDelay = baseDelay,
            MaxDelay = baseDelay * 8,
            StallTimeout = TimeSpan.FromSeconds(timeout),
        };
        var transfer = new TransferSettings(retry,
            InRange(parse.GetValue(options.Connections), 1, 64, "--connections"),
            InRange(parse.GetValue(options.ChunkSizeMb), 1, 4096, "--chunk-size") * 1024L * 1024,
            InRange(parse.GetValue(options.MaxConnections), 1, 256, "--max-connections"));
        return new RunSettings(cache, new HubConnection(endpoint.Endpoint, token?.Value), endpoint.Warning, retry, transfer, jobs,
            parse.GetValue(options.DryRun), parse.GetValue(options.Quiet),
            parse.GetValue(options.Offline) || IsTrue(env.GetEnv("HF_HUB_OFFLINE")), !parse.GetValue(options.NoSpaceCheck));
    }

    private static int InRange(int value, int min, int max, string option) =>
        value >= min && value <= max ? value : throw new UsageException($"{option} must be between {min} and {max} (got {value}).");

    /// <summary>huggingface_hub's reading of boolean variables: 1, ON, YES, TRUE (any case).</summary>
    private static bool IsTrue(string? value) =>
        value?.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    private static int? EnvSeconds(AppEnvironment env, string name) =>
        double.TryParse(env.GetEnv(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 1 ? (int)Math.Ceiling(s) : null;

    private static TimeSpan? EnvMilliseconds(AppEnvironment env, string name) =>
        int.TryParse(env.GetEnv(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0 ? TimeSpan.FromMilliseconds(ms) : null;
}
