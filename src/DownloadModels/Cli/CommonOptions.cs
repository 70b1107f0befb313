using System.CommandLine;

namespace DownloadModels.Cli;

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
        Description = "Large files (two chunks or more) downloaded at once (1-64); small files run up to twice --max-connections at once.",
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
        DefaultValueFactory = _ => Transfer.TransferSettings.DefaultConnectionsPerFile,
        Recursive = true,
    };

    public Option<int> ChunkSizeMb { get; } = new("--chunk-size")
    {
        Description = "Largest range of a large file one request asks for, in MiB (its last ranges are smaller).",
        HelpName = "MIB",
        DefaultValueFactory = _ => (int)(Transfer.TransferSettings.DefaultChunkSize / (1024 * 1024)),
        Recursive = true,
    };

    public Option<int> MaxConnections { get; } = new("--max-connections")
    {
        Description = "Requests in flight at once across all files (each on a kept-alive connection).",
        HelpName = "N",
        DefaultValueFactory = _ => Transfer.TransferSettings.DefaultMaxConnections,
        Recursive = true,
    };

    public IEnumerable<Option> All => [CacheDir, DryRun, Jobs, Token, Endpoint, Quiet, Timeout, Retries, Offline, NoSpaceCheck, Connections, ChunkSizeMb, MaxConnections];
}
