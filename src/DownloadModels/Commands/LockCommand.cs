using System.CommandLine;
using DownloadModels.Contract;
using DownloadModels.Lockfile;
using DownloadModels.Manifest;
using DownloadModels.Output;
using DownloadModels.Output.Json;

namespace DownloadModels.Commands;

/// <summary>
/// `lock [--upgrade [REPO...]]`: writes download-models.lock from the manifest. Entries already locked keep
/// their commit; --upgrade resolves the revisions again (of the repos named, or of all) and the report shows
/// every commit that moved. Exit code N = entries that could not be resolved (then nothing is written).
/// </summary>
internal sealed class LockCommand
{
    private readonly ManifestLocation _manifest = new();

    public LockCommand(AppEnvironment env, CommonOptions common)
    {
        _manifest.AddTo(Command);
        Command.Options.Add(Upgrade);
        common.AddCache(Command);
        common.AddNetwork(Command);
        common.Output.AddTo(Command, progress: false);
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, async () =>
        {
            using var context = RunContext.Create(parse, common, env);
            var manifestPath = _manifest.ManifestPath(parse, env);
            var lockPath = ModelManifest.LockPathFor(manifestPath);
            var manifest = ManifestLocation.ReadManifest(manifestPath);
            var existing = ManifestLocation.ReadLock(lockPath);
            var upgrade = UpgradeFilter(parse, manifest);
            context.WritePreamble();
            if (upgrade is not null)
                LockRun.RefuseOffline(context, lockPath, "is to be upgraded");
            else if (LockDrift.Between(manifest, existing) is { Count: > 0 } drift)
                LockRun.RefuseOffline(context, lockPath, $"does not match the manifest ({drift[0]})");
            var (result, written) = await LockRun.RunAsync(context, manifest, existing, lockPath, upgrade ?? (_ => false), context.Output.Json ? TextWriter.Null : env.Out, ct);
            var exitCode = ExitCodes.ForFailures(result.Failures);
            if (context.Output.Json)
                JsonReport.Write(env.Out, LockDocument.Of(result, lockPath, written, context.Settings.DryRun, exitCode));
            return exitCode;
        }));
    }

    public Command Command { get; } = new("lock", HelpText.Describe(
        "Resolve the manifest (download-models.toml) into download-models.lock: every model's commit and every file's size and hash. " +
        "Entries already locked keep their commit unless --upgrade is given.",
        "download-models lock                                     # then commit download-models.lock",
        "download-models lock --upgrade                           # every revision resolved again",
        "download-models lock --upgrade BAAI/bge-m3 stt           # only these entries (repo id or preset)",
        "download-models lock --upgrade --json                    # one JSON document: each entry's commit, before and after"));

    public Option<string[]> Upgrade { get; } = new("--upgrade")
    {
        Description = "Resolve the revisions again (branches move) and update the lock: of the repos named (repo id or preset name), or of every entry.",
        HelpName = "REPO",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Null without --upgrade; else which entries to resolve again (all when no REPO is named).</summary>
    private Func<ModelInput, bool>? UpgradeFilter(ParseResult parse, ModelManifest manifest)
    {
        if (parse.GetResult(Upgrade) is null)
            return null;
        var named = parse.GetValue(Upgrade) ?? [];
        if (named.Length == 0)
            return _ => true;
        var known = manifest.Entries.SelectMany(e => new[] { e.Input.Repo.Id, e.Input.Label }).ToHashSet(StringComparer.Ordinal);
        if (named.FirstOrDefault(n => !known.Contains(n)) is { } unknown)
            throw new UsageException($"--upgrade {unknown}: no entry of {Path.GetFileName(manifest.Path)} has that repo or preset (it has {string.Join(", ", manifest.Entries.Select(e => e.Input.Label))}).");
        return input => named.Contains(input.Repo.Id, StringComparer.Ordinal) || named.Contains(input.Label, StringComparer.Ordinal);
    }
}
