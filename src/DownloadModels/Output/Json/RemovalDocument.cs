using System.Text.Json.Serialization;
using DownloadModels.Removal;

namespace DownloadModels.Output.Json;

/// <summary>
/// `rm --json` and `prune --json`: the envelope, then whether it was a dry run, the cache, each repo's outcome and
/// the totals. With <c>dry_run</c> every count and <c>bytes_freed</c> is what would go.
/// </summary>
internal sealed record RemovalDocument(
    [property: JsonPropertyName("dry_run")] bool DryRun,
    [property: JsonPropertyName("cache_dir")] string? CacheDir,
    [property: JsonPropertyName("repos")] IReadOnlyList<RemovalRepoDocument> Repos,
    [property: JsonPropertyName("totals")] RemovalTotalsDocument Totals) : JsonEnvelope
{
    /// <summary>The document of a removal: exit code N = repos (targets) not done; <c>repos_failed</c> names them.</summary>
    public static RemovalDocument Of(string command, bool dryRun, string cacheDir, IReadOnlyList<CleanupOutcome> outcomes, int exitCode)
    {
        var repos = outcomes.Select(o => RemovalRepoDocument.Of(o, dryRun)).ToArray();
        var failed = outcomes.Where(o => o.Failed).Select(o => o.Label).ToArray();
        return new RemovalDocument(dryRun, cacheDir, repos, new RemovalTotalsDocument(repos.Length, failed.Length, outcomes.Sum(o => o.BytesFreed)))
        {
            Command = command,
            ExitCode = exitCode,
            Error = exitCode == 0 ? null : RunHeader.ReposFailed(failed, outcomes.Count),
        };
    }

    /// <summary>A removal that stopped before it began: nothing done, the error.</summary>
    public static RemovalDocument Failed(string command, int exitCode, ErrorDocument error) =>
        new(false, null, [], new RemovalTotalsDocument(0, 0, 0)) { Command = command, ExitCode = exitCode, Error = error };
}

/// <summary>
/// One repo's removal. <c>status</c>: <c>removed</c> (<c>to_remove</c> with --dry-run), <c>not_found</c>,
/// <c>in_use</c> (a running download holds it: nothing removed), <c>busy</c> (prune left it to a running download),
/// <c>refused</c> (not a repo folder this tool may delete, or the cache cannot be written), <c>failed</c> (some
/// deletions failed: <c>errors</c>). <c>message</c> says why in words (null when removed). <c>commits</c>: the
/// snapshots removed; <c>shared_blob_links</c>: links into huggingface_hub's shared blob store removed (the store keeps
/// the content); <c>chunk_map_count</c>: our chunk maps removed with their blobs (prune: and those no blob backs);
/// <c>kept</c>: what a running download holds, left in place.
/// </summary>
internal sealed record RemovalRepoDocument(
    [property: JsonPropertyName("repo_id")] string RepoId,
    [property: JsonPropertyName("repo_type")] string RepoType,
    [property: JsonPropertyName("revision")] string? Revision,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("whole_repo")] bool WholeRepo,
    [property: JsonPropertyName("commits")] IReadOnlyList<string> Commits,
    [property: JsonPropertyName("ref_count")] int RefCount,
    [property: JsonPropertyName("blob_count")] int BlobCount,
    [property: JsonPropertyName("shared_blob_links")] int SharedBlobLinks,
    [property: JsonPropertyName("partial_count")] int PartialCount,
    [property: JsonPropertyName("bytes_freed")] long BytesFreed,
    [property: JsonPropertyName("kept")] IReadOnlyList<string> Kept,
    [property: JsonPropertyName("errors")] IReadOnlyList<string> Errors)
{
    /// <summary>Chunk maps removed (<c>xet-chunks/</c>): those of the blobs removed, and for prune those no blob backs.</summary>
    [JsonPropertyName("chunk_map_count")]
    public int ChunkMapCount { get; init; }

    public static RemovalRepoDocument Of(CleanupOutcome outcome, bool dryRun) =>
        new(outcome.RepoId, outcome.RepoType, outcome.Revision, StatusOf(outcome, dryRun), outcome.Reason, outcome.WholeRepo, outcome.Snapshots,
            outcome.Refs, outcome.Blobs, outcome.StoreLinks, outcome.Partials, outcome.BytesFreed, outcome.Kept, outcome.Errors)
        {
            ChunkMapCount = outcome.ChunkMaps,
        };

    private static string StatusOf(CleanupOutcome outcome, bool dryRun) => outcome.Status switch
    {
        CleanupStatus.NotFound => "not_found",
        CleanupStatus.InUse => "in_use",
        CleanupStatus.Busy => "busy",
        CleanupStatus.Refused => "refused",
        _ when outcome.Errors.Count > 0 => "failed",
        _ => dryRun ? "to_remove" : "removed",
    };
}

/// <summary>The removal's sums: repos (targets) reported, those not done, and the bytes freed (or that would be).</summary>
internal sealed record RemovalTotalsDocument(
    [property: JsonPropertyName("repo_count")] int RepoCount,
    [property: JsonPropertyName("failed_count")] int FailedCount,
    [property: JsonPropertyName("bytes_freed")] long BytesFreed);
