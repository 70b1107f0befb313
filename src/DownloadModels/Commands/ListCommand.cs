using System.CommandLine;
using System.Text.Json;
using DownloadModels.Contract;
using DownloadModels.Inspection;
using DownloadModels.Output;
using DownloadModels.Settings;

namespace DownloadModels.Commands;

/// <summary>
/// `list [--json]`: what the cache holds, like <c>hf cache scan</c> — repos, refs, snapshots, files,
/// size on disk, last modified, and what looks wrong — read from disk only (no network, no hashing).
/// </summary>
internal sealed class ListCommand
{
    private readonly AppEnvironment _env;
    private readonly CommonOptions _common;

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print one JSON document (version 1, see README) instead of the table.",
    };

    public ListCommand(AppEnvironment env, CommonOptions common)
    {
        _env = env;
        _common = common;
        Command.Options.Add(_json);
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, ct, () => Task.FromResult(Run(parse))));
    }

    public Command Command { get; } = new("list", "Show what the cache holds: repos, refs, snapshots, files, size on disk, last modified, partial downloads and broken links. Never uses the network.");

    private int Run(ParseResult parse)
    {
        // Only the cache location matters here: a bad endpoint or token setting must not stop a listing.
        var location = CacheLocator.Resolve(parse.GetValue(_common.CacheDir), _env.GetEnv, _env.CurrentDirectory, _env.HomeDirectory);

        CacheListing listing;
        try
        {
            listing = CacheScanner.Scan(Path.GetFullPath(location.HubCacheDir));
        }
        catch (IOException e)
        {
            throw new UsageException(e.Message + ": check its permissions, or choose another with --cache-dir.");
        }

        if (parse.GetValue(_json))
        {
            _env.Out.Write(JsonSerializer.Serialize(listing, InspectionJsonContext.Default.CacheListing) + "\n");
            _env.Out.Flush();
            return ExitCodes.Success;
        }

        Preamble.WriteCache(_env.Out, location, parse.GetValue(_common.Quiet));
        ListTable.Write(_env.Out, listing);
        return ExitCodes.Success;
    }
}
