using System.CommandLine;
using System.CommandLine.Parsing;
using DownloadModels.Transfer;

namespace DownloadModels.Commands;

/// <summary>
/// The options several commands share, one instance each, added per command by group so that every
/// command's help lists exactly what it honours: <see cref="AddCache"/>, <see cref="AddNetwork"/>,
/// <see cref="AddTransfer"/>, <see cref="AddDryRun"/>, <see cref="Output"/>; <see cref="AddDownload"/> is
/// all a command that downloads takes (the drop-in, get, sync, pack, mirror).
/// </summary>
internal sealed class CommonOptions
{
    public const int DefaultJobs = 8;
    public const int DefaultTimeoutSeconds = 30;
    public const int DefaultRetries = 5;
    public const int MaxJobs = 64;
    public const int MaxTimeoutSeconds = 3600;

    public Option<string?> CacheDir { get; } = new("--cache-dir")
    {
        Description = "Hugging Face home to use; the cache is PATH/hub. Default: HF_HUB_CACHE, HF_HOME, XDG_CACHE_HOME, MODEL_CACHE_DIR (env or .env), ~/.cache/huggingface.",
        HelpName = "PATH",
    };

    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Show, per model, the commit, files and bytes cached / to fetch; download and write nothing.",
    };

    public Option<int> Jobs { get; } = new Option<int>("--jobs", "-j")
    {
        Description = $"Large files (two chunks or more) downloaded at once (1-{MaxJobs}); small files run up to twice --max-connections at once.",
        HelpName = "N",
        DefaultValueFactory = _ => DefaultJobs,
    }.Int(1, MaxJobs);

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Hugging Face token. Default: HF_TOKEN, HUGGING_FACE_HUB_TOKEN, then the file HF_TOKEN_PATH or $HF_HOME/token.",
        HelpName = "TOKEN",
    };

    public Option<string?> Endpoint { get; } = new("--endpoint")
    {
        Description = "Hub endpoint (a mirror). Default: HF_ENDPOINT, else https://huggingface.co.",
        HelpName = "URL",
    };

    public Option<int?> Timeout { get; } = new Option<int?>("--timeout")
    {
        Description = $"Seconds a connection may deliver nothing (or less than 1 kB/s) before it is dropped and retried. Default: HF_HUB_DOWNLOAD_TIMEOUT, else {DefaultTimeoutSeconds}.",
        HelpName = "SECONDS",
    }.Int(1, MaxTimeoutSeconds);

    public Option<int> Retries { get; } = new Option<int>("--retries")
    {
        Description = "Attempts after a transient failure (network, 408, 429, 5xx) that made no progress; a refused connection gives up after about 10 s.",
        HelpName = "N",
        DefaultValueFactory = _ => DefaultRetries,
    }.Int(0, 100);

    public Option<bool> Offline { get; } = new("--offline")
    {
        Description = "No network at all: succeed from the cache when everything is there, else list what is missing. Default: HF_HUB_OFFLINE.",
    };

    public Option<bool> NoSpaceCheck { get; } = new("--no-space-check")
    {
        Description = "Download even when the cache's disk looks too small for what is still to fetch.",
    };

    public Option<int?> Connections { get; } = new Option<int?>("--connections")
    {
        Description = "Most parallel ranges per file (1 = one stream per file). Default: as many as pay, up to what --max-connections allows.",
        HelpName = "N",
    }.Int(1, 64);

    public Option<int> ChunkSizeMb { get; } = new Option<int>("--chunk-size")
    {
        Description = "Largest range of a file one request asks for, in MiB (its last ranges are smaller; files of two ranges or more count as large for --jobs).",
        HelpName = "MIB",
        DefaultValueFactory = _ => (int)(TransferSettings.DefaultRangeSize / (1024 * 1024)),
    }.Int(1, 4096);

    public Option<int?> MaxConnections { get; } = new Option<int?>("--max-connections")
    {
        Description = $"Most requests in flight at once across all files. Default: adapts to the link, from {TransferSettings.InitialConnectionsDefault} up to {TransferSettings.DefaultMaxConnections}.",
        HelpName = "N",
    }.Int(1, 256);

    private static readonly string[] Transports = ["auto", "xet", "http"];

    public Option<string?> Transport { get; } = new Option<string?>("--transport")
    {
        Description = "How files stored in Xet travel: auto (the Xet store when the endpoint has one, else HTTP), xet (only Xet), http (follow resolve/ like a plain HTTP client). Default: auto, or http when HF_HUB_DISABLE_XET=1 (docs/xet.md).",
        HelpName = "auto|xet|http",
    }.OneOf(Transports);

    public Option<bool> NoChunkReuse { get; } = new("--no-chunk-reuse")
    {
        Description = "Over Xet, fetch every chunk even when the cache already holds it in another revision or repo (docs/xet.md).",
    };

    /// <summary>--format/--json, --progress, --verbose, --quiet.</summary>
    public OutputOptions Output { get; } = new();

    public CommonOptions()
    {
        // Checked while parsing, so a bad value is one line and exit 1 before anything else happens.
        CacheDir.Validators.Add(NotEmpty);
        CacheDir.NoOptionAsValue();
        Token.NoOptionAsValue();
        Endpoint.NoOptionAsValue();
    }

    /// <summary>Where the cache is: --cache-dir.</summary>
    public void AddCache(Command command) => command.Options.Add(CacheDir);

    /// <summary>Reaching the Hub: --token, --endpoint, --timeout, --retries, --offline.</summary>
    public void AddNetwork(Command command) => Add(command, Token, Endpoint, Timeout, Retries, Offline);

    /// <summary>Moving bytes: --jobs, --connections, --chunk-size, --max-connections, --transport, --no-space-check.</summary>
    public void AddTransfer(Command command) => Add(command, Jobs, Connections, ChunkSizeMb, MaxConnections, Transport, NoChunkReuse, NoSpaceCheck);

    public void AddDryRun(Command command) => command.Options.Add(DryRun);

    /// <summary>Everything a command that downloads honours: the cache, the network, the transfer and the output options (and --dry-run).</summary>
    public void AddDownload(Command command, bool dryRun = true)
    {
        AddCache(command);
        if (dryRun)
            AddDryRun(command);
        AddNetwork(command);
        AddTransfer(command);
        Output.AddTo(command);
    }

    private static void Add(Command command, params Option[] options)
    {
        foreach (var option in options)
            command.Options.Add(option);
    }

    private static void NotEmpty(OptionResult result)
    {
        if (result.GetValueOrDefault<string?>() is { Length: 0 })
            result.AddError($"{result.Option.Name} is empty: give a folder, e.g. {result.Option.Name} /mnt/models.");
    }
}
