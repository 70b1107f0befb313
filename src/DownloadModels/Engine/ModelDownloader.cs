using System.Diagnostics;
using DownloadModels.Cache;
using DownloadModels.Output;
using DownloadModels.Transfer;

namespace DownloadModels.Engine;

/// <summary>
/// Brings planned models into the cache: every model downloads at once, sharing the run's limits of files
/// in flight (<see cref="FileSlots"/>: --jobs large files, many more small ones, all within
/// --max-connections), so a model of many small files runs beside one large file. Offline, nothing is
/// fetched: a model succeeds when the cache holds all of it, and otherwise names what is missing.
/// </summary>
internal sealed class ModelDownloader(ModelPlanner planner, BlobDownloader blobs, HubCache cache, IProgressReporter progress, int jobs, bool offline = false)
{
    /// <summary>Plans every model at once (each may fail on its own); nothing is written.</summary>
    public async Task<IReadOnlyList<PlanOutcome>> PlanAllAsync(IReadOnlyList<ModelRequest> requests, CancellationToken ct) =>
        await Task.WhenAll(requests.Select(r => PlanAsync(r, ct)));

    public async Task<IReadOnlyList<ModelResult>> RunAsync(IReadOnlyList<PlanOutcome> plans, CancellationToken ct)
    {
        using var slots = new FileSlots(jobs, blobs.Settings);
        return await Task.WhenAll(plans.Select(p => RunModelAsync(p, slots, ct)));
    }

    private async Task<PlanOutcome> PlanAsync(ModelRequest request, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var plan = offline
                ? planner.PlanOffline(request) ?? throw new OfflineException($"{request.Repo}@{request.Revision} is not in the cache, and the network is off (offline mode).")
                : await planner.PlanAsync(request, ct);
            return new PlanOutcome(request, plan, null, clock.Elapsed);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return new PlanOutcome(request, null, FailureMessages.For(e, request.Repo.Id), clock.Elapsed);
        }
    }

    private async Task<ModelResult> RunModelAsync(PlanOutcome planned, FileSlots slots, CancellationToken ct)
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

    private async Task<FileOutcome> FetchAndLinkAsync(ModelPlan plan, PlannedFile planned, RepoCache repoCache, FileSlots slots, CancellationToken ct)
    {
        var file = planned.File;
        if (planned.Cached && repoCache.HasBlob(file))
            return Link(plan, repoCache, planned, new BlobResult(true, 0, 0, 0), null);
        if (offline)
            return new FileOutcome(planned, null, $"{plan.Request.Repo}/{file.Path}: missing from the cache (offline mode: nothing is downloaded).");

        using var slot = await slots.EnterAsync(file.Size, ct);
        FileProgress? counters = null;
        try
        {
            counters = progress.FileStarted(plan, planned);
            var job = new BlobJob(repoCache, file, planner.ResolveUrl(plan.Request.Repo, plan.Commit, file.Path), cache.LockPath(plan.Request.Repo, file.Etag));
            var result = await blobs.DownloadAsync(job, counters, progress.Notice, ct);
            return Link(plan, repoCache, planned, result, counters);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var error = FailureMessages.For(e, $"{plan.Request.Repo}/{file.Path}");
            if (counters is not null)
                progress.FileFailed(counters, error);
            return new FileOutcome(planned, null, error);
        }
    }

    private FileOutcome Link(ModelPlan plan, RepoCache repoCache, PlannedFile planned, BlobResult result, FileProgress? counters)
    {
        try
        {
            repoCache.LinkSnapshot(plan.Commit, planned.File);
            if (counters is not null)
                progress.FileFinished(counters, result);
            return new FileOutcome(planned, result, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileOutcome(planned, null, FailureMessages.For(e, $"{plan.Request.Repo}/{planned.File.Path}"));
        }
    }

    private sealed record FileOutcome(PlannedFile File, BlobResult? Result, string? Error);

    /// <summary>Once every file is in place: the .no_exist markers, then the ref, which declares the snapshot complete.</summary>
    private static IEnumerable<string> Finish(ModelPlan plan, RepoCache repoCache)
    {
        try
        {
            foreach (var missing in plan.MissingOptional)
                repoCache.MarkMissing(plan.Commit, missing);
            if (plan.Tree is { } tree)
                repoCache.SaveTree(plan.Commit, tree);
            repoCache.WriteRef(plan.Request.Revision, plan.Commit);
            return [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [FailureMessages.For(e, plan.Request.Repo.Id)];
        }
    }
}
