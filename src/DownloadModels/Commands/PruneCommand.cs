using System.CommandLine;
using DownloadModels.Cache;
using DownloadModels.Removal;
using DownloadModels.Contract;
using DownloadModels.Output;
using DownloadModels.Output.Json;
using DownloadModels.Settings;

namespace DownloadModels.Commands;

/// <summary>
/// `prune`: removes what no ref keeps alive, as <c>hf cache prune</c> does — detached revisions (snapshots no ref
/// points at), blobs no remaining snapshot uses, and partial downloads (<c>*.incomplete</c> and our
/// <c>.incomplete.chunks</c>) that no running download holds, and chunk maps no blob backs (<c>xet-chunks/</c>).
/// Exit code N = repos where a deletion failed.
/// </summary>
internal sealed class PruneCommand
{
    public PruneCommand(AppEnvironment env, CommonOptions common)
    {
        common.AddCache(Command);
        common.AddDryRun(Command);
        common.Output.AddTo(Command, progress: false);
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, () => Task.FromResult(Run(parse, env, common))));
    }

    public Command Command { get; } = new("prune", HelpText.Describe(
        "Remove detached revisions (no ref points at them), blobs no snapshot uses, partial downloads no running download holds " +
        "and chunk maps no blob backs (with --dry-run: show what would go).",
        "download-models prune --dry-run                          # what would go",
        "download-models prune --cache-dir /mnt/models",
        "download-models prune --dry-run --json                   # one JSON document: each repo, bytes that would be freed"));

    private static int Run(ParseResult parse, AppEnvironment env, CommonOptions common)
    {
        // Only the cache location matters: a bad endpoint or token setting must not stop a cleanup.
        var location = CacheLocator.Resolve(parse.GetValue(common.CacheDir), env.GetEnv, env.CurrentDirectory, env.HomeDirectory);
        var (dryRun, output) = (parse.GetValue(common.DryRun), common.Output.Read(parse));
        Preamble.WriteCache(env.Error, location, output.Quiet);
        var outcomes = new CacheCleaner(new HubCache(location.HubCacheDir), dryRun).Prune();
        var exitCode = ExitCodes.ForFailures(outcomes.Count(o => o.Failed));
        if (output.Json)
            JsonReport.Write(env.Out, RemovalDocument.Of("prune", dryRun, location.HubCacheDir, outcomes, exitCode));
        else
            CleanupReport.Write(env.Out, outcomes, dryRun, output.Quiet, "Nothing to prune: every revision has a ref, every blob a snapshot, and no partial download is left.");
        return exitCode;
    }
}
