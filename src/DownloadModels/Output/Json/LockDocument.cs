using System.Text.Json.Serialization;
using DownloadModels.Lockfile;

namespace DownloadModels.Output.Json;

/// <summary>
/// `lock --json`: the envelope, then whether it was a dry run, the lock file, whether it was written (false: up to
/// date, --dry-run, or an entry failed — a partial lock is never written), each entry and the totals.
/// </summary>
internal sealed record LockDocument(
    [property: JsonPropertyName("dry_run")] bool DryRun,
    [property: JsonPropertyName("lock_path")] string? LockPath,
    [property: JsonPropertyName("written")] bool Written,
    [property: JsonPropertyName("repos")] IReadOnlyList<LockedRepoDocument> Repos,
    [property: JsonPropertyName("totals")] LockTotalsDocument Totals) : JsonEnvelope
{
    public static LockDocument Of(LockResult result, string lockPath, bool written, bool dryRun, int exitCode)
    {
        var repos = result.Changes.Select(LockedRepoDocument.Of).ToArray();
        var failed = result.Changes.Where(c => c.Kind == LockChangeKind.Failed).Select(c => c.Input.Label).ToArray();
        var locked = result.Lock?.Models ?? Array.Empty<LockedModel>();
        return new LockDocument(dryRun, lockPath, written, repos,
            new LockTotalsDocument(repos.Length, failed.Length, locked.Sum(m => m.Files.Count), locked.Sum(m => m.TotalBytes)))
        {
            Command = "lock",
            ExitCode = exitCode,
            Error = exitCode == 0 ? null : RunHeader.ReposFailed(failed, repos.Length),
        };
    }

    /// <summary>A lock that stopped before resolving anything: nothing known, the error.</summary>
    public static LockDocument Failed(int exitCode, ErrorDocument error) =>
        new(false, null, false, [], new LockTotalsDocument(0, 0, 0, 0)) { Command = "lock", ExitCode = exitCode, Error = error };
}

/// <summary>
/// One entry of the manifest and what locking did to it. <c>change</c>: <c>unchanged</c> (kept as it was, the Hub not
/// asked), <c>added</c>, <c>up_to_date</c> (--upgrade found the same commit), <c>upgraded</c> (moved to another commit),
/// <c>reselected</c> (the patterns changed: files chosen again at the locked commit), <c>removed</c> (no longer in the
/// manifest), <c>failed</c> (<c>error</c> says why). <c>commit</c> is what the lock holds (for removed: held),
/// <c>previous_commit</c> what it held before when that differs, else null.
/// </summary>
internal sealed record LockedRepoDocument(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("repo_id")] string RepoId,
    [property: JsonPropertyName("repo_type")] string RepoType,
    [property: JsonPropertyName("revision")] string Revision,
    [property: JsonPropertyName("change")] string Change,
    [property: JsonPropertyName("commit")] string? Commit,
    [property: JsonPropertyName("previous_commit")] string? PreviousCommit,
    [property: JsonPropertyName("file_count")] int FileCount,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("files_changed")] int FilesChanged,
    [property: JsonPropertyName("error")] string? Error)
{
    public static LockedRepoDocument Of(LockChange change)
    {
        var now = change.After ?? change.Before;
        return new(change.Input.Label, change.Input.Repo.Id, RepoDocuments.TypeName(change.Input.Repo.Type), change.Input.Revision, ChangeName(change.Kind),
            now?.Commit, change.Before is { } before && change.After is { } after && before.Commit != after.Commit ? before.Commit : null,
            now?.Files.Count ?? 0, now?.TotalBytes ?? 0, change.Kind is LockChangeKind.Unchanged or LockChangeKind.Removed or LockChangeKind.Failed ? 0 : change.FilesChanged,
            change.Error);
    }

    private static string ChangeName(LockChangeKind kind) => kind switch
    {
        LockChangeKind.Unchanged => "unchanged",
        LockChangeKind.Added => "added",
        LockChangeKind.UpToDate => "up_to_date",
        LockChangeKind.Upgraded => "upgraded",
        LockChangeKind.Reselected => "reselected",
        LockChangeKind.Removed => "removed",
        _ => "failed",
    };
}

/// <summary>The lock's sums: entries reported, those that failed, and the files and bytes the new lock holds.</summary>
internal sealed record LockTotalsDocument(
    [property: JsonPropertyName("repo_count")] int RepoCount,
    [property: JsonPropertyName("failed_count")] int FailedCount,
    [property: JsonPropertyName("file_count")] int FileCount,
    [property: JsonPropertyName("bytes")] long Bytes);
