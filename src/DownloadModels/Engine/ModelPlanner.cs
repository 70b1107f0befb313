using DownloadModels.Cache;
using DownloadModels.Hub;
using DownloadModels.Repos;

namespace DownloadModels.Engine;

/// <summary>
/// The one place a request becomes a commit and a list of files: online from the Hub (reusing a saved
/// listing of that commit), offline from the cache alone (<c>refs/</c>, then <c>trees/{commit}.json</c>,
/// then the snapshot's links), or online with the cache as the fall-back. Downloads, --dry-run, verify
/// and pack all plan through it. Without a Hub client (offline runs) only the cache is asked. The "cache"
/// is the run's destination: the hub cache, or a local dir with its own saved trees and metadata. With
/// <paramref name="refetch"/> (--force-download) no file counts as present, save what the destination never replaces.
/// </summary>
internal sealed class ModelPlanner(HubClient? hub, IDownloadDestination cache, bool refetch = false)
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
        var repo = cache.Repo(request.Repo);
        if ((commit ?? repo.ReadRef(request.Revision)) is not { } known)
            return null;
        if (repo.ReadTree(known).Files is { } saved)
            return new CommitListing(known, saved, ListingSource.SavedTree);
        return repo.InferTree(known) is { } inferred ? new CommitListing(known, inferred, ListingSource.Snapshot) : null;
    }

    /// <summary>
    /// The plan to bring the request into the cache; its whole listing rides along to be saved. A selection
    /// that keeps no file of the commit is an <see cref="EmptySelectionException"/>, not an empty success.
    /// </summary>
    public async Task<ModelPlan> PlanAsync(ModelRequest request, CancellationToken ct)
    {
        if (request.Pinned is { } pinned)
            return await PlanPinnedAsync(request, pinned, ct);
        var listing = await ListAsync(request, reuseSavedTree: true, ct);
        RejectFileAsFolder(request, listing.Files);
        var plan = Select(request, listing) with { Tree = listing.Files };
        return plan.Files.Count > 0 ? plan : throw EmptySelectionException.For(request, listing.Commit, listing.Files.Count);
    }

    /// <summary>The plan from the cache alone, marked with why the Hub was not asked; null when the cache cannot tell.</summary>
    public ModelPlan? PlanFromCache(ModelRequest request, string reason, string? commit = null)
    {
        if (request.Pinned is { } pinned)
            return FromPin(request, pinned) with { HubUnreachable = reason };
        if (ListFromCache(request, commit) is not { } listing)
            return null;
        RejectFileAsFolder(request, listing.Files);
        return Select(request, listing) with { HubUnreachable = reason };
    }

    /// <summary>
    /// "x" and "x/y" cannot both be files (x would have to be a link and a folder at once): only a buggy or
    /// hostile endpoint (or a saved tree edited by hand) lists that shape. Refused before anything is written.
    /// </summary>
    private static void RejectFileAsFolder(ModelRequest request, IReadOnlyList<RepoFile> files)
    {
        var paths = files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                if (paths.Contains(path[..slash]))
                    throw new HubException(HubErrorKind.Protocol, $"{request.Repo}: the listing names '{RepoPath.Shown(path[..slash])}' both as a file and as a folder (of '{RepoPath.Shown(path)}'); a Hub never lists that: the endpoint is broken or hostile. Nothing of this model was written.");
            }
        }
    }

    /// <summary>
    /// A pinned request (from a lockfile) is not resolved: its commit's listing, saved or from the Hub, must
    /// agree with the pin, and then exactly the pinned files are installed, each checked against the pin's hash.
    /// </summary>
    private async Task<ModelPlan> PlanPinnedAsync(ModelRequest request, PinnedListing pinned, CancellationToken ct)
    {
        var online = hub ?? throw new InvalidOperationException("no Hub client: this run is offline");
        var saved = cache.Repo(request.Repo).ReadTree(pinned.Commit);
        var listing = saved.Format == SavedTreeFormat.Current ? saved.Files! : await online.ListFilesAsync(request.Repo, pinned.Commit, ct);
        RejectFileAsFolder(request, listing);
        PinnedCheck.Against(request, pinned, listing);
        return FromPin(request, pinned) with { Tree = listing };
    }

    private ModelPlan FromPin(ModelRequest request, PinnedListing pinned)
    {
        var repo = cache.Repo(request.Repo);
        return new ModelPlan(request, pinned.Commit, pinned.Files.Select(f => new PlannedFile(f, IsCached(repo, f))).ToArray(), pinned.AbsentOptional);
    }

    /// <summary>
    /// For reports that write nothing (--dry-run): the Hub's plan, or, offline or when the Hub cannot be
    /// reached, what the cache holds. A refusal by the Hub (no such repo, gated) or a lock the Hub contradicts is an error, not a fall-back.
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
        catch (Exception e) when (e is HubException or PinMismatchException or EmptySelectionException && !ct.IsCancellationRequested)
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
        var repo = cache.Repo(request.Repo);
        var files = request.Spec.Select(byPath.Keys).Select(path => byPath[path])
            .Select(f => new PlannedFile(f, IsCached(repo, f))).ToArray();
        return new ModelPlan(request, listing.Commit, files, listing.IsComplete ? request.Spec.MissingOptional(byPath.Keys) : []);
    }

    /// <summary>Present and to be kept: with --force-download only what the destination never replaces counts.</summary>
    private bool IsCached(IRepoDestination repo, RepoFile file) => repo.HasFile(file) && (!refetch || repo.KeepsAsIs(file));
}
