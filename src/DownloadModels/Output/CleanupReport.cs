using System.Globalization;
using DownloadModels.Removal;
using DownloadModels.Repos;
using DownloadModels.Units;

namespace DownloadModels.Output;

/// <summary>
/// rm's and prune's words: one line per repo saying what went (or, with --dry-run, would go) and what it freed,
/// the items kept or failed beneath it, then the total. Quiet runs print only what could not be done.
/// </summary>
internal static class CleanupReport
{
    private const int WordWidth = 8;

    public static void Write(TextWriter output, IReadOnlyList<CleanupOutcome> outcomes, bool dryRun, bool quiet, string nothing)
    {
        foreach (var outcome in outcomes.Where(o => !quiet || o.Failed))
        {
            output.WriteLine(Line(outcome, dryRun));
            foreach (var kept in outcome.Kept)
                output.WriteLine($"  {"kept".PadRight(WordWidth)} {kept}");
            foreach (var error in outcome.Errors)
                output.WriteLine($"  {"error".PadRight(WordWidth)} {error}");
            if (outcome.StoreLinks > 0 && !quiet)
                output.WriteLine($"  {"note".PadRight(WordWidth)} {Count(outcome.StoreLinks, "blob")} linked into the cache's shared blob store: the link{(outcome.StoreLinks == 1 ? " goes" : "s go")}, the store keeps the content");
        }

        if (quiet)
            return;
        var freed = outcomes.Sum(o => o.BytesFreed);
        var removed = outcomes.Any(o => o.Status == CleanupStatus.Removed);
        output.WriteLine(!removed ? (outcomes.Any(o => o.Status is not CleanupStatus.NotFound) ? "Nothing removed." : nothing)
            : dryRun ? $"--dry-run: would free {ByteSize.Format(freed)}; nothing was removed."
            : $"Freed {ByteSize.Format(freed)}.");
    }

    private static string Line(CleanupOutcome outcome, bool dryRun) => outcome.Status switch
    {
        CleanupStatus.NotFound => $"{outcome.Label}: {outcome.Reason}",
        CleanupStatus.InUse => $"{outcome.Label}: in use: {outcome.Reason}",
        CleanupStatus.Busy => $"{outcome.Label}: {outcome.Reason}",
        CleanupStatus.Refused => $"{outcome.Label}: refused: {outcome.Reason}",
        _ => $"{outcome.Label}: {(dryRun ? "would remove" : "removed")} {What(outcome)}; {(dryRun ? "would free" : "freed")} {ByteSize.Format(outcome.BytesFreed)}",
    };

    private static string What(CleanupOutcome outcome)
    {
        var parts = new List<string>();
        if (outcome.Snapshots.Count > 0)
            parts.Add($"{Count(outcome.Snapshots.Count, "revision")} ({string.Join(", ", outcome.Snapshots.Select(RevisionName.ShortCommit))})");
        if (outcome.Refs > 0)
            parts.Add(Count(outcome.Refs, "ref"));
        if (outcome.Blobs + outcome.StoreLinks > 0)
            parts.Add(Count(outcome.Blobs + outcome.StoreLinks, "blob"));
        if (outcome.Partials > 0)
            parts.Add(Count(outcome.Partials, "partial download"));
        if (outcome.ChunkMaps > 0)
            parts.Add(Count(outcome.ChunkMaps, "chunk map"));
        var what = parts.Count == 0 ? "nothing" : string.Join(", ", parts);
        return outcome.WholeRepo ? $"the whole repo ({what})" : what;
    }

    private static string Count(int n, string noun) => $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";
}
