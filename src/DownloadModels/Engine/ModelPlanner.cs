using DownloadModels.Cache;
using DownloadModels.Hub;
using DownloadModels.Repos;

namespace DownloadModels.Engine;

/// <summary>Resolves a request to its commit, lists that commit's files and selects what the request wants.</summary>
internal sealed class ModelPlanner(HubClient hub, HubCache cache)
{
    public async Task<ModelPlan> PlanAsync(ModelRequest request, CancellationToken ct)
    {
        var revision = await hub.ResolveRevisionAsync(request.Repo, request.Revision, ct);
        // A commit's listing never changes: one saved by an earlier run (ours or huggingface_hub's) saves the
        // (paginated) tree requests, so a fully cached run or dry-run costs one API round trip per repo. Our
        // old format is listed again instead, so that its replacement carries what it lacked (xet hashes).
        var saved = cache.Repo(request.Repo).ReadTree(revision.Commit);
        var tree = saved.Format == SavedTreeFormat.Current ? saved.Files! : await hub.ListFilesAsync(request.Repo, revision.Commit, ct);
        return Select(request, revision.Commit, tree) with { Tree = tree };
    }

    public Uri ResolveUrl(RepoId repo, string commit, string path) => hub.ResolveUrl(repo, commit, path);

    /// <summary>Offline mode: the plan from the cache alone (see <see cref="PlanFromCache"/>).</summary>
    public ModelPlan? PlanOffline(ModelRequest request) => PlanFromCache(request, OfflineReason);

    /// <summary>The reason a plan carries when it came from the cache because the network is off by choice.</summary>
    public const string OfflineReason = "offline mode";

    /// <summary>
    /// The plan as far as the cache alone can tell: the commit from <c>refs/{revision}</c>, then the saved
    /// listing <c>trees/{commit}.json</c> when there is one (exact: missing files show as not cached), else
    /// the files the snapshot links to (see <see cref="InferredTree"/>). Null when the cache has no such ref,
    /// or neither a listing nor a snapshot.
    /// </summary>
    public ModelPlan? PlanFromCache(ModelRequest request, string reason)
    {
        var repoCache = cache.Repo(request.Repo);
        if (repoCache.ReadRef(request.Revision) is not { } commit)
            return null;
        if (repoCache.LoadTree(commit) is { } savedTree)
            return Select(request, commit, savedTree) with { HubUnreachable = reason };
        if (!Directory.Exists(repoCache.SnapshotFolder(commit)))
            return null;
        // A partial listing cannot tell that an optional file is absent from the commit: no .no_exist markers.
        return Select(request, commit, InferredTree.FromSnapshot(repoCache, commit)) with { HubUnreachable = reason, MissingOptional = [] };
    }

    private ModelPlan Select(ModelRequest request, string commit, IReadOnlyList<RepoFile> tree)
    {
        var byPath = tree.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var repoCache = cache.Repo(request.Repo);
        var files = request.Spec.Select(byPath.Keys).Select(path => byPath[path]).Select(f => new PlannedFile(f, repoCache.HasBlob(f))).ToArray();
        return new ModelPlan(request, commit, files, request.Spec.MissingOptional(byPath.Keys));
    }
}
