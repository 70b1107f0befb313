using DownloadModels.Bundle;
using DownloadModels.Engine;
using DownloadModels.Inspection;
using DownloadModels.Mirror;
using DownloadModels.Repos;
using DownloadModels.Transfer;

namespace DownloadModels.Output.Json;

/// <summary>Each command's per-repo outcome as a <see cref="RepoDocument"/>; the same fields whatever produced it.</summary>
internal static class RepoDocuments
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string ToFetch = "to_fetch";

    /// <summary>A download (drop-in, get, pack, mirror, verify --repair): every planned file with its outcome.</summary>
    public static RepoDocument From(ModelResult result)
    {
        var request = result.Request;
        var files = result.FileResults.Select(f => File(f.File, f.Status.ToString().ToLowerInvariant(), f.Transfer?.BytesFetched ?? 0,
            f.Transfer?.BytesResumed ?? 0, f.Transfer?.Retries ?? 0, f.Error) with
            {
                Transport = TransportName(f.Transfer?.Transport ?? BlobTransport.None),
                BytesReused = f.Transfer?.BytesReused ?? 0,
                BytesToFetch = f.Status is FileStatus.Failed or FileStatus.Skipped ? f.File.Size : 0,
            }).ToArray();
        var toFetch = result.FileResults.Where(f => f.Status is FileStatus.Failed or FileStatus.Skipped).Sum(f => f.File.Size);
        return new RepoDocument(request.Label, request.Repo.Id, TypeName(request.Repo.Type), request.Revision, result.Commit, result.SnapshotPath,
            result.Succeeded ? Ok : Failed, result.Errors.Count > 0 ? result.Errors[0] : null, result.Errors, result.TotalBytes, result.BytesCached, result.BytesFetched, toFetch, files)
        {
            BytesReused = result.BytesReused,
        };
    }

    /// <summary>--dry-run: each file cached or to fetch; no plan (not reachable, not cached, refused) is a failed repo.</summary>
    public static RepoDocument From(PlanAnswer answer, Func<ModelRequest, string, string> snapshotFolder, TransportMode transport = TransportMode.Auto,
        Func<ModelPlan, RepoFile, long>? reused = null)
    {
        var request = answer.Request;
        if (answer.Plan is not { } plan)
        {
            var error = answer.Unreachable
                ? $"not in the cache, and {(answer.Error == ModelPlanner.OfflineReason ? "offline mode" : $"the hub could not be reached ({answer.Error})")}"
                : answer.Error!;
            return Empty(request, null, Failed, [error]);
        }

        var files = plan.Files.Select(f =>
        {
            var reuse = f.Cached || reused is null ? 0 : reused(plan, f.File);
            return File(f.File, f.Cached ? "cached" : ToFetch, 0, 0, 0, null) with
            {
                Transport = f.Cached ? null : TransportName(XetTransport.Predict(f.File, transport)),
                BytesReused = reuse,
                BytesToFetch = f.Cached ? 0 : f.File.Size - reuse,
            };
        }).ToArray();
        var complete = plan.Files.All(f => f.Cached);
        return new RepoDocument(request.Label, request.Repo.Id, TypeName(request.Repo.Type), request.Revision, plan.Commit,
            complete ? snapshotFolder(request, plan.Commit) : null, Ok, null, [], plan.TotalBytes, plan.CachedBytes, 0, files.Sum(f => f.BytesToFetch), files)
        {
            Plan = new PlanDetails(plan.FromCacheOnly ? "cache" : "hub", plan.HubUnreachable, complete, plan.MissingOptional),
            BytesReused = files.Sum(f => f.BytesReused),
        };
    }

    /// <summary>verify: each selected file ok or its problem word; the repo ok, with problems, or failed (could not be checked).</summary>
    public static RepoDocument From(RepoVerification verification, bool repaired, Func<ModelRequest, string, string> snapshotFolder)
    {
        var request = verification.Request;
        var target = verification.Target;
        var error = verification.Findings.FirstOrDefault(f => f.Kind == FindingKind.Error)?.Detail;
        var byPath = verification.Findings.Where(f => f.Path.Length > 0).GroupBy(f => f.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var files = verification.Checks.Select(c => byPath.TryGetValue(c.File.Path, out var finding)
            ? File(c.File, Snake(finding.Word), 0, 0, 0, finding.Detail)
            : File(c.File, Ok, 0, 0, 0, null)).ToArray();
        var problems = verification.Findings.Where(f => f.IsProblem).Select(f => new ProblemDocument(Snake(f.Word), f.Path, f.Detail)).ToArray();
        var status = error is not null ? Failed : verification.HasProblems ? "problems" : Ok;
        var intact = verification.Checks.Where(c => !byPath.TryGetValue(c.File.Path, out var f) || !f.IsProblem).Sum(c => c.File.Size);
        return new RepoDocument(request.Label, request.Repo.Id, TypeName(request.Repo.Type), request.Revision, target.Commit,
            target.Commit is { } commit && error is null ? snapshotFolder(request, commit) : null, status, error ?? problems.FirstOrDefault()?.Detail,
            [.. problems.Select(p => p.Path.Length > 0 ? $"{p.Kind} {p.Path}: {p.Detail}" : $"{p.Kind}: {p.Detail}")],
            verification.SelectedBytes, intact, 0, verification.SelectedBytes - intact, files)
        {
            Verify = new VerifyDetails(CheckedAgainst(target.Source), problems, target.Notes, verification.BytesHashed, repaired),
        };
    }

    /// <summary>pack --offline: a repo as the bundle carries it, straight from the cache.</summary>
    public static RepoDocument From(ModelRequest request, BundledRepo repo, string snapshotPath) =>
        new(request.Label, repo.Repo.Id, TypeName(repo.Repo.Type), repo.Revision, repo.Commit, snapshotPath, Ok, null, [],
            repo.Files.Sum(f => f.Size), repo.Files.Sum(f => f.Size), 0, 0, [.. repo.Files.Select(f => File(f, "cached", 0, 0, 0, null))]);

    /// <summary>
    /// pack and push: each request as downloaded (or, offline, as the cache holds it), failed where the cache does
    /// not hold it complete (<paramref name="found"/>: the repo, or why not).
    /// </summary>
    public static RepoDocument[] FromCache(IReadOnlyList<ModelRequest> requests, IReadOnlyList<ModelResult>? downloads,
        IReadOnlyList<(BundledRepo? Repo, string? Error)> found, Func<ModelRequest, string, string> snapshotFolder) =>
        [.. requests.Select((request, i) =>
        {
            var document = downloads is not null ? From(downloads[i])
                : found[i].Repo is { } repo ? From(request, repo, snapshotFolder(request, repo.Commit))
                : Empty(request, null, Failed, [found[i].Error!]);
            return found[i].Repo is null && document.Status == Ok && found[i].Error is { } why
                ? document with { Status = Failed, Error = why, Errors = [why] }
                : document;
        })];

    /// <summary>unpack: a file whose blob the cache held is cached, one the bundle brought is fetched.</summary>
    public static RepoDocument From(RepoMergeResult merge, bool dryRun, string snapshotPath)
    {
        var repo = merge.Repo;
        var files = repo.Files.Select(f => File(f, !merge.Succeeded ? Failed : merge.PresentBlobs.Contains(f.Etag) ? "cached" : dryRun ? ToFetch : "fetched",
            0, 0, 0, merge.Error)).ToArray();
        var cached = merge.Succeeded ? repo.Files.Where(f => merge.PresentBlobs.Contains(f.Etag)).Sum(f => f.Size) : 0;
        var total = repo.Files.Sum(f => f.Size);
        var added = merge.Succeeded && !dryRun ? total - cached : 0;
        return new RepoDocument(repo.Repo.Id, repo.Repo.Id, TypeName(repo.Repo.Type), repo.Revision, repo.Commit,
            merge.Succeeded && !dryRun ? snapshotPath : null, merge.Succeeded ? Ok : Failed, merge.Error, merge.Error is null ? [] : [merge.Error],
            total, cached, added, total - cached - added, files)
        {
            Unpack = new UnpackDetails(merge.BlobsAdded, merge.BytesAdded, merge.BlobsPresent, merge.BytesPresent, RefChange(merge), repo.HasRef ? repo.Revision : null,
                repo.HasRef && merge.PreviousCommit != repo.Commit ? merge.PreviousCommit : null),
        };
    }

    /// <summary>mirror: the download's document with what mirroring did, or the error that stopped it.</summary>
    public static RepoDocument WithMirror(RepoDocument download, MirroredModel? mirrored, string? error) =>
        error is not null
            ? download with { Status = Failed, Error = error, Errors = [.. download.Errors, error] }
            : download with { Mirror = mirrored is null ? null : new MirrorDetails(mirrored.Linked, mirrored.Copied, mirrored.Present, mirrored.Served, mirrored.NotWorldReadable) };

    /// <summary>A repo that failed before anything about its files was known.</summary>
    public static RepoDocument Empty(ModelRequest request, string? commit, string status, IReadOnlyList<string> errors) =>
        new(request.Label, request.Repo.Id, TypeName(request.Repo.Type), request.Revision, commit, null, status, errors.Count > 0 ? errors[0] : null, errors, 0, 0, 0, 0, []);

    public static string TypeName(RepoType type) => type.ToString().ToLowerInvariant();

    /// <summary>A report's word (<c>wrong-link</c>) as the JSON spells enum values: snake_case (<c>wrong_link</c>).</summary>
    public static string Snake(string word) => word.Replace('-', '_');

    /// <summary>verify's <c>checked_against</c>: <c>hub</c>, <c>saved_tree</c>, <c>snapshot_links</c>, or null (not checked).</summary>
    private static string? CheckedAgainst(string source) => source switch
    {
        VerifyTarget.HubSource => "hub",
        VerifyTarget.SavedListingSource => "saved_tree",
        VerifyTarget.SnapshotLinksSource => "snapshot_links",
        _ => null,
    };

    /// <summary>unpack's <c>ref_change</c>: <c>none</c> (the bundle names no ref, or the repo was not merged), <c>unchanged</c>, <c>created</c> or <c>moved</c>.</summary>
    private static string RefChange(RepoMergeResult merge) =>
        !merge.Repo.HasRef || !merge.Succeeded ? "none"
        : merge.PreviousCommit == merge.Repo.Commit ? "unchanged"
        : merge.PreviousCommit is null ? "created"
        : "moved";

    private static string? TransportName(BlobTransport transport) => transport switch
    {
        BlobTransport.Xet => "xet",
        BlobTransport.Http => "http",
        _ => null,
    };

    private static FileDocument File(RepoFile file, string status, long fetched, long resumed, int retries, string? error) =>
        new(file.Path, file.Size, file.Etag, file.IsLfs, status, fetched, resumed, retries, error);
}
