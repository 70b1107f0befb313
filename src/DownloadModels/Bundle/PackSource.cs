using DownloadModels.Cache;
using DownloadModels.Engine;
using DownloadModels.Repos;

namespace DownloadModels.Bundle;

/// <summary>
/// What the cache holds of one requested model, as a <see cref="BundledRepo"/>: the selected files at the
/// commit (from trees/{commit}.json when saved, else from the snapshot's links), the .no_exist markers
/// and the saved tree. Reads only, so pack --offline works on a read-only cache.
/// </summary>
internal sealed class PackSource(HubCache cache, ModelPlanner planner)
{
    /// <summary>
    /// Each request's repo as the cache holds it: at the commit its download reached (a failed download gets no
    /// second error: it reported its own), or, offline (<paramref name="downloads"/> null), as the cache names it.
    /// </summary>
    public (BundledRepo? Repo, string? Error)[] FindAll(IReadOnlyList<ModelRequest> requests, IReadOnlyList<ModelResult>? downloads) =>
        downloads is null
            ? requests.Select(r => Find(r)).ToArray()
            : downloads.Select(r => r.Succeeded ? Find(r.Request, r.Commit) : ((BundledRepo?)null, (string?)null)).ToArray();

    /// <summary>The repo, or the one-line reason it cannot be packed from the cache.</summary>
    public (BundledRepo? Repo, string? Error) Find(ModelRequest request, string? commit = null)
    {
        // A known commit (just downloaded) is read through its own id, so a ref moved meanwhile by
        // another process cannot mix two versions into one bundle.
        if (planner.PlanFromCache(request, "pack", commit) is not { } plan)
            return (null, $"{request.Repo}@{request.Revision} is not in the cache (offline mode: nothing is downloaded).");

        var repoCache = cache.Repo(request.Repo);
        var files = new List<RepoFile>();
        var missing = new List<string>();
        foreach (var planned in plan.Files)
        {
            var file = planned.File;
            if (!repoCache.HasBlob(file))
                missing.Add(file.Path);
            else
                files.Add(file);
        }

        if (missing.Count > 0)
            return (null, $"{request.Repo}@{request.Revision}: {missing.Count} file(s) missing from the cache ({string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : "")}); run without --offline to download them.");
        // A tree in a format we cannot read (a newer huggingface_hub's) cannot be checked on unpack: left out.
        var hasTree = repoCache.LoadTree(plan.Commit) is not null;
        var markers = RepoFolder.NoExistMarkersOf(repoCache.Folder, plan.Commit).Order(StringComparer.Ordinal).Except(files.Select(f => f.Path), StringComparer.Ordinal).ToArray();
        return (new BundledRepo(request.Repo, request.Revision, plan.Commit, files, markers, hasTree), null);
    }
}
