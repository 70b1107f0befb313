using DownloadModels.Cache;
using DownloadModels.Hub;

namespace DownloadModels.Engine;

/// <summary>Resolves a request to its commit, lists that commit's files and selects what the request wants.</summary>
internal sealed class ModelPlanner(HubClient hub, HubCache cache)
{
    public async Task<ModelPlan> PlanAsync(ModelRequest request, CancellationToken ct)
    {
        var revision = await hub.ResolveRevisionAsync(request.Repo, request.Revision, ct);
        var tree = await hub.ListFilesAsync(request.Repo, revision.Commit, ct);
        var byPath = tree.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var selected = request.Spec.Select(byPath.Keys);
        var repoCache = cache.Repo(request.Repo);
        var files = selected.Select(path => byPath[path]).Select(f => new PlannedFile(f, repoCache.HasBlob(f))).ToArray();
        return new ModelPlan(request, revision.Commit, files, request.Spec.MissingOptional(byPath.Keys));
    }

    public Uri ResolveUrl(RepoId repo, string commit, string path) => hub.ResolveUrl(repo, commit, path);

    /// <summary>
    /// The plan as far as the cache alone can tell (for a dry-run without network): the commit from
    /// <c>refs/{revision}</c> and the selected files present in its snapshot. Null when the cache has no such ref.
    /// </summary>
    public ModelPlan? PlanFromCache(ModelRequest request, string reason)
    {
        var repoCache = cache.Repo(request.Repo);
        if (repoCache.ReadRef(request.Revision) is not { } commit)
            return null;
        var snapshot = repoCache.SnapshotFolder(commit);
        if (!Directory.Exists(snapshot))
            return null;
        var present = Directory.EnumerateFiles(snapshot, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(snapshot, p).Replace('\\', '/'))
            .ToArray();
        var files = request.Spec.Select(present).Select(path =>
        {
            var info = new FileInfo(repoCache.SnapshotPath(commit, path));
            var resolved = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
            var size = resolved.Exists ? resolved.Length : 0;
            return new PlannedFile(new RepoFile(path, size, resolved.Name, null), resolved.Exists);
        }).ToArray();
        return new ModelPlan(request, commit, files, []) { HubUnreachable = reason };
    }
}
