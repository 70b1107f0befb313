using DownloadModels.Lockfile;
using DownloadModels.Repos;
using DownloadModels.Units;

namespace DownloadModels.Output;

/// <summary>
/// What locking did, one line per entry, so a moved commit is always seen: "a1b2c3d -> e4f5a6b  upgraded".
/// Failures go to the error writer, one line each.
/// </summary>
internal static class LockReport
{
    public static void Write(TextWriter output, TextWriter error, LockResult result, string lockPath, bool written, bool dryRun = false)
    {
        foreach (var failed in result.Changes.Where(c => c.Kind == LockChangeKind.Failed))
            error.WriteLine(ProgressLines.Printable($"{ProgressLines.Prefix(failed.Input.Label)}error: {failed.Error}"));
        if (result.Lock is not { } lockFile)
        {
            error.WriteLine($"No lock was written: {result.Failures} of {result.Changes.Count(c => c.Kind != LockChangeKind.Removed)} model(s) could not be resolved.");
            return;
        }

        var width = result.Changes.Max(c => c.Input.Shown.Length);
        foreach (var change in result.Changes.OrderBy(c => c.Input.Repo.Type).ThenBy(c => c.Input.Repo.Id, StringComparer.Ordinal).ThenBy(c => c.Input.Revision, StringComparer.Ordinal))
            output.WriteLine(ProgressLines.Printable($"  {change.Input.Shown.PadRight(width)}  {Commits(change)}  {Words(change)}"));
        var files = lockFile.Models.Sum(m => m.Files.Count);
        var bytes = lockFile.Models.Sum(m => m.TotalBytes);
        var what = $"{lockFile.Models.Count} model(s), {files} files, {ByteSize.Format(bytes)}";
        output.WriteLine(dryRun ? $"Would lock {what} (--dry-run: {lockPath} not written)."
            : written ? $"Locked {what} in {lockPath}." : $"{lockPath} is up to date: {what}.");
    }

    private static string Commits(LockChange change) => change switch
    {
        { Before: { } before, After: { } after } when before.Commit != after.Commit => $"{Short(before.Commit)} -> {Short(after.Commit)}",
        { After: { } after } => Short(after.Commit),
        { Before: { } before } => Short(before.Commit),
        _ => "       ",
    };

    private static string Words(LockChange change) => change.Kind switch
    {
        LockChangeKind.Unchanged => "locked",
        LockChangeKind.Added => $"added ({change.After!.Files.Count} files, {ByteSize.Format(change.After.TotalBytes)})",
        LockChangeKind.UpToDate => "up to date (the revision still points at this commit)",
        LockChangeKind.Upgraded => $"upgraded ({change.FilesChanged} file(s) changed)",
        LockChangeKind.Reselected => $"files selected again at the locked commit ({change.FilesChanged} file(s) changed)",
        LockChangeKind.Removed => "removed (no longer in the manifest)",
        _ => "failed",
    };

    private static string Short(string commit) => RevisionName.ShortCommit(commit);
}
