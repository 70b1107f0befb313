using System.CommandLine;
using System.Text.Json;
using DownloadModels.Contract;
using DownloadModels.Errors;
using DownloadModels.Inspection;
using DownloadModels.Output;
using DownloadModels.Settings;

namespace DownloadModels.Commands;

/// <summary>
/// `list [--files] [--json]`: what the cache holds, like <c>hf cache scan</c> — repos, refs, snapshots (with
/// their folders), files, size on disk, last modified, and what looks wrong — read from disk only (no
/// network, no hashing).
/// </summary>
internal sealed class ListCommand
{
    private readonly AppEnvironment _env;
    private readonly CommonOptions _common;

    private readonly Option<bool> _files = new("--files")
    {
        Description = "Also list every file of every snapshot (path, size, blob).",
    };

    public ListCommand(AppEnvironment env, CommonOptions common)
    {
        _env = env;
        _common = common;
        common.AddCache(Command);
        Command.Options.Add(_files);
        common.Output.AddTo(Command, progress: false);
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, () => Task.FromResult(Run(parse))));
    }

    public Command Command { get; } = new("list", HelpText.Describe(
        "Show what the cache holds: repos, refs, snapshots and their folders, files, size on disk, last modified, partial downloads " +
        "and broken links. Never uses the network.",
        "download-models list",
        "download-models list --files --cache-dir /mnt/models",
        "download-models list --json | jq -r '.repos[].snapshots[0].path'"));

    private int Run(ParseResult parse)
    {
        // Only the cache location matters here: a bad endpoint or token setting must not stop a listing.
        var location = CacheLocator.Resolve(parse.GetValue(_common.CacheDir), _env.GetEnv, _env.CurrentDirectory, _env.HomeDirectory);
        var output = _common.Output.Read(parse);
        var files = parse.GetValue(_files);

        CacheListing listing;
        try
        {
            listing = CacheScanner.Scan(Path.GetFullPath(location.HubCacheDir), files);
        }
        catch (IOException e)
        {
            var why = e is CacheUnreadableException unreadable ? unreadable.Message : $"the cache folder {location.HubCacheDir} cannot be read ({SystemErrors.Describe(e)})";
            throw new UsageException(why + ": check its permissions, or choose another with --cache-dir.");
        }

        if (output.Json)
        {
            _env.Out.Write(JsonSerializer.Serialize(listing, InspectionJsonContext.Default.CacheListing) + "\n");
            _env.Out.Flush();
            return ExitCodes.Success;
        }

        Preamble.WriteCache(_env.Error, location, output.Quiet);
        ListTable.Write(_env.Out, listing);
        return ExitCodes.Success;
    }
}
