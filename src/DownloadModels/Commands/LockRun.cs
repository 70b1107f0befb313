using DownloadModels.Contract;
using DownloadModels.Lockfile;
using DownloadModels.Manifest;
using DownloadModels.Output;

namespace DownloadModels.Commands;

/// <summary>Locking as `lock` and `sync` share it: resolve what needs it, write the lock (not with --dry-run), report.</summary>
internal static class LockRun
{
    /// <param name="report">Where the per-entry lines go: stdout for `lock`, stderr for `sync` (whose stdout is the download's).</param>
    /// <returns>What locking did, and whether the lock file was written.</returns>
    public static async Task<(LockResult Result, bool Written)> RunAsync(RunContext context, ModelManifest manifest, LockedSet? existing, string lockPath,
        Func<ModelInput, bool> upgrade, TextWriter report, CancellationToken ct)
    {
        var settings = context.Settings;
        var result = await new LockResolver(context.Planner()).LockAsync(manifest, existing, upgrade, ct);
        var written = result.Lock is { } lockFile && !settings.DryRun && LockWriter.Write(lockPath, lockFile, Path.GetFileName(manifest.Path));
        LockReport.Write(settings.Quiet ? TextWriter.Null : report, context.Env.Error, result, lockPath, written, settings.DryRun);
        return (result, written);
    }

    /// <summary>Locking needs the Hub; offline, a lock that must change is refused with what to do instead.</summary>
    public static void RefuseOffline(RunContext context, string lockPath, string why)
    {
        if (context.Settings.Offline)
            throw new UsageException($"{lockPath} {why}, and locking needs the Hub (offline mode): run 'download-models lock' where the Hub can be reached, or 'sync --frozen' to install the lock as it is.");
    }
}
