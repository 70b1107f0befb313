using System.CommandLine;
using System.CommandLine.Parsing;
using DownloadModels.Transfer;

namespace DownloadModels.Commands;

/// <summary>Options every download command takes (recursive on the root, so `get` sees them too).</summary>
internal sealed class CommonOptions
{
    public const int DefaultJobs = 8;
    public const int DefaultTimeoutSeconds = 30;
    public const int DefaultRetries = 5;

    public Option<string?> CacheDir { get; } = new("--cache-dir")
    {
        Description = "Hugging Face home to use; the cache is PATH/hub. Default: HF_HUB_CACHE, HF_HOME, XDG_CACHE_HOME, MODEL_CACHE_DIR (env or .env), ~/.cache/huggingface.",
        HelpName = "PATH",
        Recursive = true,
    };

    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Show, per model, the commit, files and bytes cached / to fetch; download and write nothing.",
        Recursive = true,
    };

    public Option<int> Jobs { get; } = new("--jobs", "-j")
    {
        Description = "Files downloaded in parallel (1-64).",
        HelpName = "N",
        DefaultValueFactory = _ => DefaultJobs,
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Hugging Face token. Default: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, then the file HF_TOKEN_PATH or $HF_HOME/token.",
        HelpName = "TOKEN",
        Recursive = true,
    };

    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        Description = "Hub endpoint (a mirror). Default: HF_ENDPOINT, else https://huggingface.co.",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Print only errors.",
        Recursive = true,
    };

    public Option<int?> Timeout { get; } = new("--timeout")
    {
        Description = $"Seconds a connection may deliver nothing before it is dropped and retried. Default: HF_HUB_DOWNLOAD_TIMEOUT, else {DefaultTimeoutSeconds}.",
        HelpName = "SECONDS",
        Recursive = true,
    };

    public Option<int> Retries { get; } = new("--retries")
    {
        Description = "Attempts after a transient failure (network, 408, 429, 5xx) that made no progress.",
        HelpName = "N",
        DefaultValueFactory = _ => DefaultRetries,
        Recursive = true,
    };

    public Option<bool> Offline { get; } = new("--offline")
    {
        Description = "No network at all: succeed from the cache when everything is there, else list what is missing. Default: HF_HUB_OFFLINE.",
        Recursive = true,
    };

    public Option<bool> NoSpaceCheck { get; } = new("--no-space-check")
    {
        Description = "Download even when the cache's disk looks too small for what is still to fetch.",
        Recursive = true,
    };

    public Option<int> Connections { get; } = new("--connections")
    {
        Description = "Parallel ranges per large file (1 = one stream per file). Files of at least two chunks are split.",
        HelpName = "N",
        DefaultValueFactory = _ => TransferSettings.DefaultConnectionsPerFile,
        Recursive = true,
    };

    public Option<int> ChunkSizeMb { get; } = new("--chunk-size")
    {
        Description = "Size of one range of a large file, in MiB.",
        HelpName = "MIB",
        DefaultValueFactory = _ => (int)(TransferSettings.DefaultChunkSize / (1024 * 1024)),
        Recursive = true,
    };

    public Option<int> MaxConnections { get; } = new("--max-connections")
    {
        Description = "Connections open at once across all files.",
        HelpName = "N",
        DefaultValueFactory = _ => TransferSettings.DefaultMaxConnections,
        Recursive = true,
    };

    public const int MaxJobs = 64;

    public CommonOptions()
    {
        // Checked while parsing, so a bad value is one line and exit 1 before anything else happens.
        CacheDir.Validators.Add(NotEmpty);
        Jobs.Validators.Add(r => InRange(r, 1, MaxJobs));
        Retries.Validators.Add(r => InRange(r, 0, 100));
        Timeout.Validators.Add(r => InRange(r, 1, MaxTimeoutSeconds));
        Connections.Validators.Add(r => InRange(r, 1, 64));
        ChunkSizeMb.Validators.Add(r => InRange(r, 1, 4096));
        MaxConnections.Validators.Add(r => InRange(r, 1, 256));
    }

    public const int MaxTimeoutSeconds = 3600;

    public IEnumerable<Option> All => [CacheDir, DryRun, Jobs, Token, Endpoint, Quiet, Timeout, Retries, Offline, NoSpaceCheck, Connections, ChunkSizeMb, MaxConnections];

    /// <summary>An int option outside [min, max] is an error naming the option and the range.</summary>
    public static void InRange(OptionResult result, int min, int max)
    {
        int? value;
        try
        {
            value = result.Option is Option<int> ? result.GetValueOrDefault<int>() : result.GetValueOrDefault<int?>();
        }
        catch (InvalidOperationException)
        {
            return; // not a number at all: System.CommandLine reports that itself
        }

        if (value is { } v && (v < min || v > max))
            result.AddError($"{result.Option.Name} must be between {min} and {max} (got {v}).");
    }

    private static void NotEmpty(OptionResult result)
    {
        if (result.GetValueOrDefault<string?>() is { Length: 0 })
            result.AddError($"{result.Option.Name} is empty: give a folder, e.g. {result.Option.Name} /mnt/models.");
    }
}
