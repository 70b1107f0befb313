using DownloadModels.Cache;
using DownloadModels.Engine;
using DownloadModels.Errors;
using DownloadModels.Hub;
using DownloadModels.Repos;

namespace DownloadModels.Inspection;

/// <summary>
/// Finds the commit and file listing to verify against, through the one planner: the Hub's own listing
/// when online (never the saved one: that is part of what is checked), else (offline, or the Hub did not
/// answer) <c>refs/{revision}</c> and the saved <c>trees/{commit}.json</c>; without a saved listing, the
/// blob names the snapshot's links point to. On the way it notes what is wrong with the ref and the tree.
/// </summary>
internal sealed class TargetResolver(ModelPlanner planner, HubCache cache, bool online)
{
    public async Task<VerifyTarget> ResolveAsync(ModelRequest request, CancellationToken ct)
    {
        var repo = cache.Repo(request.Repo);
        var pinned = RevisionName.IsCommitHash(request.Revision);
        var reference = pinned ? null : RefFile.Read(repo, request.Revision);
        if (!online)
            return FromCache(request, repo, reference, []);

        try
        {
            var listing = await planner.ListAsync(request, reuseSavedTree: false, ct);
            return new VerifyTarget(request, listing.Commit, listing.Files, true, VerifyTarget.HubSource,
                [.. RefFindings(repo, reference, listing.Commit), .. TreeFindings(repo, listing.Commit)], []);
        }
        catch (HubException e) when (!ct.IsCancellationRequested)
        {
            return FromCache(request, repo, reference, [$"no listing from the Hub ({e.Message.TrimEnd('.')}); checked against the cache's own records"]);
        }
    }

    private VerifyTarget FromCache(ModelRequest request, RepoCache repo, RefFile? reference, IReadOnlyList<string> notes)
    {
        var commit = reference is null ? request.Revision : reference.Commit;
        if (commit is null)
        {
            var why = reference!.Problem is { } problem
                ? $"{problem}: cannot tell which snapshot to check without the Hub"
                : $"not in the cache (no refs/{request.Revision})";
            return VerifyTarget.Failed(request, why, notes);
        }

        Finding[] findings = [.. reference?.Problem is { } refProblem ? [new Finding(FindingKind.Ref, "", refProblem)] : Array.Empty<Finding>(), .. TreeFindings(repo, commit)];
        CommitListing? listing;
        try
        {
            listing = planner.ListFromCache(request, commit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            listing = null;
        }

        return listing switch
        {
            null => VerifyTarget.Failed(request, $"snapshot {commit} is not in the cache", notes),
            { IsComplete: true } => new VerifyTarget(request, commit, listing.Files, true, VerifyTarget.SavedListingSource, findings, notes),
            _ => new VerifyTarget(request, commit, listing.Files, false, VerifyTarget.SnapshotLinksSource, findings,
                [.. notes, "no saved listing for this commit: each file present was checked against its blob's name; missing files cannot be detected"]),
        };
    }

    /// <summary>huggingface_hub reads trees/{commit}.json on every snapshot_download: it must be in its format.</summary>
    private static Finding[] TreeFindings(RepoCache repo, string commit)
    {
        var where = $"trees/{commit}.json";
        string? problem;
        try
        {
            problem = repo.ReadTree(commit).Format switch
            {
                SavedTreeFormat.Unreadable => $"{where} cannot be read (huggingface_hub ignores it with a warning)",
                _ => null,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{where} cannot be read ({SystemErrors.Describe(e)})";
        }

        return problem is null ? [] : [new Finding(FindingKind.Tree, "", problem)];
    }

    /// <summary>Online, the ref should hold the commit the Hub just named (once the snapshot exists at all).</summary>
    private static Finding[] RefFindings(RepoCache repo, RefFile? reference, string commit)
    {
        if (reference is null)
            return [];
        var where = $"refs/{reference.Name}";
        string? problem = reference switch
        {
            { Problem: { } p } => p,
            // Before the first download there is no ref to speak of: the missing files say it all.
            { Commit: null } when !Directory.Exists(repo.SnapshotFolder(commit)) => null,
            { Commit: null } => $"{where} is missing, so libraries loading offline will not find this snapshot",
            { Commit: var c } when c != commit => $"{where} points at {RevisionName.ShortCommit(c)}, the Hub's {reference.Name} is at {RevisionName.ShortCommit(commit)}",
            _ => null,
        };
        return problem is null ? [] : [new Finding(FindingKind.Ref, "", problem)];
    }
}
