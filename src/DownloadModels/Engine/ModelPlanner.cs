using DownloadModels.Cache;
using DownloadModels.Hub;
using DownloadModels.Repos;

namespace DownloadModels.Engine;

/// <summary>
/// The one place a request becomes a commit and a list of files: online from the Hub (reusing a saved
/// listing of that commit), offline from the cache alone (<c>refs/</c>, then <c>trees/{commit}.json</c>,
/// then the snapshot's links), or online with the cache as the fall-back. Downloads, --dry-run, verify
/// and pack all plan through it. Without a Hub client (offline runs) only the cache is asked.
/// </summary>
internal sealed class ModelPlanner(HubClient? hub, HubCache cache)
{
    /// <summary>The reason a plan carries when it came from the cache because the network is off by choice.</summary>
    public const string OfflineReason = "offline mode";

    /// <summary>
    /// The commit the revision points at, and its files. A commit's listing never changes: with
    /// <paramref name="reuseSavedTree"/> one saved in huggingface_hub's format (by us or by it) saves the
    /// (paginated) tree requests, so a fully cached run costs one API round trip per repo. Our old format
    /// is listed again, so that its replacement carries what it lacked (Xet hashes).
    /// </summary>
    public async Task<CommitListing> ListAsync(ModelRequest request, bool reuseSavedTree, CancellationToken ct)
    {
        var online = hub ?? throw new InvalidOperationException("no Hub client: this run is offline");
        var revision = await online.ResolveRevisionAsync(request.Repo, request.Revision, ct);
        var saved = reuseSavedTree ? cache.Repo(request.Repo).ReadTree(revision.Commit) : SavedTreeContent.Absent;
        return saved.Format == SavedTreeFormat.Current
            ? new CommitListing(revision.Commit, saved.Files!, ListingSource.SavedTree)
            : new CommitListing(revision.Commit, await online.ListFilesAsync(request.Repo, revision.Commit, ct), ListingSource.Hub);
    }

    /// <summary>
    /// The listing as far as the cache alone can tell, for <paramref name="commit"/> or else the commit
    /// <c>refs/{revision}</c> names: the saved tree when there is one, else the snapshot's links (see
    /// <see cref="InferredTree"/>). Null when the commit is unknown, or there is neither tree nor snapshot.
    /// </summary>
    public CommitListing? ListFromCache(ModelRequest request, string? commit = null)
    {
        var repoCache = cache.Repo(request.Repo);
        if ((commit ?? repoCache.ReadRef(request.Revision)) is not { } known)
            return null;
        if (repoCache.LoadTree(known) is { } saved)
            return new CommitListing(known, saved, ListingSource.SavedTree);
        return Directory.Exists(repoCache.SnapshotFolder(known))
            ? new CommitListing(known, InferredTree.FromSnapshot(repoCache, known), ListingSource.Snapshot)
            : null;
    }

    /// <summary>
    /// The plan to bring the request into the cache; its whole listing rides along to be saved. A selection
    /// that keeps no file of the commit is an <see cref="EmptySelectionException"/>, not an empty success.
    /// </summary>
    public async Task<ModelPlan> PlanAsync(ModelRequest request, CancellationToken ct)
    {
        var listing = await ListAsync(request, reuseSavedTree: true, ct);
        var plan = Select(request, listing) with { Tree = listing.Files };
        return plan.Files.Count > 0 ? plan : throw EmptySelectionException.For(request, listing.Commit, listing.Files.Count);
    }

    /// <summary>The plan from the cache alone, marked with why the Hub was not asked; null when the cache cannot tell.</summary>
    public ModelPlan? PlanFromCache(ModelRequest request, string reason, string? commit = null) =>
        ListFromCache(request, commit) is { } listing ? Select(request, listing) with { HubUnreachable = reason } : null;

    /// <summary>
    /// For reports that write nothing (--dry-run): the Hub's plan, or, offline or when the Hub cannot be
    /// reached, what the cache holds. A refusal by the Hub (no such repo, gated) is an error, not a fall-back.
    /// </summary>
    public async Task<PlanAnswer> PlanOrFallBackAsync(ModelRequest request, bool offline, CancellationToken ct)
    {
        if (offline)
            return FromCache(request, OfflineReason);
        try
        {
            return new PlanAnswer(request, await PlanAsync(request, ct), null, false);
        }
        catch (HubException e) when (e.Kind is HubErrorKind.Transient && !ct.IsCancellationRequested)
        {
            return FromCache(request, e.Message);
        }
        catch (Exception e) when (e is HubException or EmptySelectionException && !ct.IsCancellationRequested)
        {
            return new PlanAnswer(request, null, e.Message, false);
        }
    }

    public Uri ResolveUrl(RepoId repo, string commit, string path) =>
        (hub ?? throw new InvalidOperationException("no Hub client: this run is offline")).ResolveUrl(repo, commit, path);

    private PlanAnswer FromCache(ModelRequest request, string reason) =>
        new(request, PlanFromCache(request, reason), reason, true);

    /// <summary>The request's files out of the listing; a partial listing cannot tell an optional file is absent.</summary>
    private ModelPlan Select(ModelRequest request, CommitListing listing)
    {
        var byPath = listing.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var repoCache = cache.Repo(request.Repo);
        var files = request.Spec.Select(byPath.Keys).Select(path => byPath[path]).Select(f => new PlannedFile(f, repoCache.HasBlob(f))).ToArray();
        return new ModelPlan(request, listing.Commit, files, listing.IsComplete ? request.Spec.MissingOptional(byPath.Keys) : []);
    }
}
