using System.CommandLine;
using DownloadModels.Contract;
using DownloadModels.Lockfile;

namespace DownloadModels.Commands;

/// <summary>
/// `sync [--locked | --frozen]`: installs exactly what the lock says, through the same download run as the
/// drop-in and `get` (progress, summary, exit codes, --dry-run, --offline): pinned commits, every file
/// checked against the lock's hash. Without a lock, or when the manifest changed, it locks first (entries
/// already locked keep their commit); --locked refuses that instead, --frozen does not read the manifest.
/// </summary>
internal sealed class SyncCommand
{
    private readonly ManifestLocation _manifest = new();
    private readonly DestinationOptions _destination = new();
    private readonly RegistryOptions _registry = new();

    public SyncCommand(AppEnvironment env, CommonOptions common)
    {
        _manifest.AddTo(Command);
        common.AddDownload(Command);
        _destination.AddTo(Command, common);
        Command.Options.Add(Locked);
        Command.Options.Add(Frozen);
        Command.Options.Add(From);
        _registry.AddTo(Command, mirrors: true);
        Command.Validators.Add(result =>
        {
            if (result.GetValue(Locked) && result.GetValue(Frozen))
                result.AddError("give --locked or --frozen, not both: --locked checks the lock against the manifest, --frozen does not read the manifest.");
        });
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, async () =>
        {
            var from = parse.GetValue(From) is { } text ? RegistryOptions.Reference(text, needsTag: false) : null;
            using var context = RunContext.Create(parse, common, env, _destination);
            var (lockFile, failures) = await LockedSetAsync(context, parse, ct);
            if (lockFile is null)
                return ExitCodes.ForFailures(failures);
            if (from is not null)
                return await OciSyncRun.RunAsync(context, from, _registry.Client(parse, context, from, [$"repository:{from.Name}:pull"]), _registry.MirrorUrls(parse),
                    [.. lockFile.Models.Select(m => m.ToRequest())], ct);
            return await DownloadRun.RunAsync(context, [.. lockFile.Models.Select(m => m.ToRequest())], ct, TextResult.Summary);
        }));
    }

    public Command Command { get; } = new("sync", HelpText.Describe(
        "Install exactly what download-models.lock says into the cache (locking first when there is no lock or the manifest changed); " +
        "every file is checked against the lock's hash.",
        "download-models sync                                     # lock if needed, then install",
        "download-models sync --locked                            # CI: fail if the lock is stale",
        "RUN download-models sync --frozen                        # Dockerfile, after COPY download-models.toml download-models.lock ./",
        "download-models sync --locked --from oci://registry.example.com/models/set:v1   # the bytes from a registry, checked against the lock"));

    public Option<string?> From { get; } = new("--from")
    {
        Description = "Take the locked files from this registry artifact (oci://REGISTRY/NAME[:TAG|@sha256:…], made by push) instead of the Hub; still checked against the lock.",
        HelpName = "REFERENCE",
    };

    public Option<bool> Locked { get; } = new("--locked")
    {
        Description = "Fail (exit 1, nothing downloaded) when the lock is missing or no longer matches the manifest, instead of updating it.",
    };

    public Option<bool> Frozen { get; } = new("--frozen")
    {
        Description = "Install the lock as it is, without reading the manifest (the lock must exist).",
    };

    /// <summary>The lock to install, or null and the number of entries that could not be locked.</summary>
    private async Task<(LockedSet? Lock, int Failures)> LockedSetAsync(RunContext context, ParseResult parse, CancellationToken ct)
    {
        var lockPath = _manifest.LockPath(parse, context.Env);
        if (parse.GetValue(Frozen))
            return (ManifestLocation.RequireLock(lockPath, "--frozen installs the lock as it is; run 'download-models lock' first and commit the lock."), 0);

        var manifest = ManifestLocation.ReadManifest(_manifest.ManifestPath(parse, context.Env));
        var existing = ManifestLocation.ReadLock(lockPath);
        var drift = LockDrift.Between(manifest, existing);
        if (drift.Count == 0)
            return (existing, 0);
        if (parse.GetValue(Locked))
        {
            throw new UsageException($"the lock no longer matches {Path.GetFileName(manifest.Path)} (--locked), nothing was downloaded:{Environment.NewLine}  " +
                string.Join(Environment.NewLine + "  ", drift) + $"{Environment.NewLine}Run 'download-models lock' and commit {Path.GetFileName(lockPath)}.");
        }

        LockRun.RefuseOffline(context, lockPath, existing is null ? "does not exist" : $"does not match the manifest ({drift[0]})");
        var (result, _) = await LockRun.RunAsync(context, manifest, existing, lockPath, _ => false, context.Env.Error, ct);
        return (result.Lock, result.Failures);
    }
}
