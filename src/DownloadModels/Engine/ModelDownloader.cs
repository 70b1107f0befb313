using System.Diagnostics;
using DownloadModels.Cache;
using DownloadModels.Transfer;

namespace DownloadModels.Engine;

/// <summary>
/// Brings planned models into their destination (the cache, or a local dir): every model downloads at once,
/// sharing one limit of files in flight (--jobs), so a model of many small files runs beside one large file.
/// Offline, nothing is fetched: a model succeeds when the destination holds all of it, and otherwise names
/// what is missing. <paramref name="refetch"/> (--force-download) fetches again what is already there.
/// </summary>
internal sealed class ModelDownloader(ModelPlanner planner, BlobDownloader blobs, IDownloadDestination cache, IProgressReporter progress, int jobs, bool offline = false, bool refetch = false)
{
    /// <summary>Plans every model at once (each may fail on its own); nothing is written.</summary>
    public async Task<IReadOnlyList<PlanOutcome>> PlanAllAsync(IReadOnlyList<ModelRequest> requests, CancellationToken ct) =>
        await Task.WhenAll(requests.Select(r => PlanAsync(r, ct)));

    public async Task<IReadOnlyList<ModelResult>> RunAsync(IReadOnlyList<PlanOutcome> plans, CancellationToken ct)
    {
        using var slots = new SemaphoreSlim(jobs);
        return await Task.WhenAll(plans.Select(p => RunModelAsync(p, slots, ct)));
    }

    private async Task<PlanOutcome> PlanAsync(ModelRequest request, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var plan = offline
                ? planner.PlanFromCache(request, ModelPlanner.OfflineReason) ?? throw new OfflineException($"{request.Repo}@{request.Revision} is not in the cache, and the network is off (offline mode).")
                : await planner.PlanAsync(request, ct);
            return new PlanOutcome(request, plan, null, clock.Elapsed);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return new PlanOutcome(request, null, FailureMessages.For(e, request.Repo.Id), clock.Elapsed);
        }
    }

    private async Task<ModelResult> RunModelAsync(PlanOutcome planned, SemaphoreSlim slots, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        if (planned.Plan is not { } plan)
        {
            var failed = ModelResult.Failed(planned.Request, planned.Elapsed, planned.Error!);
            progress.ModelFinished(failed);
            return failed;
        }

        progress.ModelPlanned(plan);
        var repoCache = cache.Repo(plan.Request.Repo);
        using var held = await repoCache.HoldAsync(plan.Commit, plan.Request.Revision, TransferSettings.LockPollInterval,
            () => progress.Notice($"{plan.Request.Repo}: waiting while rm or prune works on this repo"), ct);
        var outcomes = await Task.WhenAll(plan.Files.Select(f => FetchAndLinkAsync(plan, f, repoCache, slots, ct)));
        var errors = outcomes.Where(o => o.Error is not null).Select(o => o.Error!).ToList();
        if (errors.Count == 0)
            errors.AddRange(Finish(plan, repoCache));

        var cached = outcomes.Where(o => o.Result?.WasCached == true).ToArray();
        var result = new ModelResult(plan.Request, plan.Commit, plan.Files.Count, cached.Length,
            outcomes.Sum(o => o.Result?.BytesFetched ?? 0), cached.Sum(o => o.File.File.Size), planned.Elapsed + clock.Elapsed, errors);
        progress.ModelFinished(result);
        return result;
    }

    private async Task<FileOutcome> FetchAndLinkAsync(ModelPlan plan, PlannedFile planned, IRepoDestination repoCache, SemaphoreSlim slots, CancellationToken ct)
    {
        var file = planned.File;
        if (planned.Cached && repoCache.HasFile(file))
        {
            if (refetch)
                progress.Notice($"{plan.Request.Repo}/{file.Path}: kept as it is: its content is in the cache's shared blob store, which --force-download never replaces (verify checks it)");
            return PlaceCached(plan, repoCache, planned);
        }
        if (offline)
            return new FileOutcome(planned, null, $"{plan.Request.Repo}/{file.Path}: missing from the cache (offline mode: nothing is downloaded).");

        await slots.WaitAsync(ct);
        FileProgress? counters = null;
        try
        {
            counters = progress.FileStarted(plan, planned);
            var job = new BlobJob(repoCache, file, planner.ResolveUrl(plan.Request.Repo, plan.Commit, file.Path), repoCache.LockPath(file))
            {
                Commit = plan.Commit, // placed by the downloader while it still holds the file's lock
                Refetch = refetch,
            };
            var result = await blobs.DownloadAsync(job, counters, progress.Notice, ct);
            progress.FileFinished(counters, result);
            return new FileOutcome(planned, result, null);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var error = FailureMessages.For(e, $"{plan.Request.Repo}/{file.Path}");
            if (counters is not null)
                progress.FileFailed(counters, error);
            return new FileOutcome(planned, null, error);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>A file the destination already holds: placed for this commit (its link or metadata may be missing), nothing fetched.</summary>
    private static FileOutcome PlaceCached(ModelPlan plan, IRepoDestination repoCache, PlannedFile planned)
    {
        try
        {
            repoCache.Place(plan.Commit, planned.File);
            return new FileOutcome(planned, new BlobResult(true, 0, 0, 0), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileOutcome(planned, null, FailureMessages.For(e, $"{plan.Request.Repo}/{planned.File.Path}"));
        }
    }

    private sealed record FileOutcome(PlannedFile File, BlobResult? Result, string? Error);

    /// <summary>Once every file is in place: the markers, the saved tree, then the ref, which declares the snapshot complete.</summary>
    private static IEnumerable<string> Finish(ModelPlan plan, IRepoDestination repoCache)
    {
        try
        {
            repoCache.Complete(plan.Commit, plan.Request.Revision, plan.Tree, plan.MissingOptional);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [FailureMessages.For(e, plan.Request.Repo.Id)];
        }

        return [];
    }
}
