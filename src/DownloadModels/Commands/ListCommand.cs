using System.CommandLine;
using DownloadModels.Contract;
using DownloadModels.Errors;
using DownloadModels.Inspection;
using DownloadModels.Output;
using DownloadModels.Output.Json;
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

    private readonly Option<string[]> _filter = new("--filter", "-f")
    {
        Description = "Only repos that match, as hf cache ls: size>1GB, accessed>7d (not read for a week), modified<1h, type=model, refs=main. Repeatable (all must match).",
        HelpName = "EXPR",
    };

    private readonly Option<string?> _sort = new("--sort")
    {
        Description = "Order repos by name, size, modified or accessed (size and times: largest and newest first; add :asc or :desc).",
        HelpName = "KEY",
    };

    private readonly Option<int?> _limit = new Option<int?>("--limit")
    {
        Description = "Show only the first N repos (after --filter and --sort).",
        HelpName = "N",
    }.Int(0, int.MaxValue);

    public ListCommand(AppEnvironment env, CommonOptions common)
    {
        _env = env;
        _common = common;
        common.AddCache(Command);
        Command.Options.Add(_files);
        Command.Options.Add(_filter);
        Command.Options.Add(_sort);
        Command.Options.Add(_limit);
        // Checked while parsing: a bad expression is one line and exit 1 before the cache is read.
        _filter.Validators.Add(result =>
        {
            foreach (var expression in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (ListFilter.Parse(expression, out var error) is null)
                    result.AddError(error!);
            }
        });
        _sort.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } expression && ListSort.Parse(expression, out var error) is null)
                result.AddError(error!);
        });
        common.Output.AddTo(Command, progress: false);
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, () => Task.FromResult(Run(parse))));
    }

    public Command Command { get; } = new("list", HelpText.Describe(
        "Show what the cache holds: repos, refs, snapshots and their folders, files, size on disk, last modified, partial downloads " +
        "and broken links. Never uses the network.",
        "download-models list",
        "download-models list --json | jq -r '.repos[].snapshots[0].snapshot_path'",
        "download-models list --filter 'accessed>30d' --sort size      # what nothing has read for a month, largest first",
        "download-models list -q --filter 'accessed>90d' | xargs download-models rm -y"));

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
            throw new CommandException(ErrorKind.Unreadable, why + ": check its permissions, or choose another with --cache-dir.");
        }

        var cacheRepos = listing.Repos.Count;
        var query = Query(parse);
        if (!query.IsEmpty)
            (listing, _) = query.Apply(listing, DateTime.UtcNow);

        if (output.Json)
        {
            JsonReport.Write(_env.Out, ListDocument.Of(listing));
            return ExitCodes.Success;
        }

        Preamble.WriteCache(_env.Error, location, output.Quiet);
        if (output.Quiet)
        {
            // -q: the ids alone, one per line, as hf cache ls -q prints them and rm takes them (list -q | xargs rm -y).
            foreach (var repo in listing.Repos)
                _env.Out.Write($"{repo.RepoType}/{repo.RepoId}\n");
            _env.Out.Flush();
            return ExitCodes.Success;
        }

        ListTable.Write(_env.Out, listing, query.IsEmpty ? null : cacheRepos);
        return ExitCodes.Success;
    }

    /// <summary>--filter, --sort and --limit (already validated while parsing).</summary>
    private ListQuery Query(ParseResult parse) => new(
        [.. (parse.GetValue(_filter) ?? []).Select(e => ListFilter.Parse(e, out _)!)],
        parse.GetValue(_sort) is { } sort ? ListSort.Parse(sort, out _) : null,
        parse.GetValue(_limit));
}
