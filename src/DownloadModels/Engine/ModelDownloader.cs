using System.Diagnostics;
using DownloadModels.Cache;
using DownloadModels.Output;
using DownloadModels.Transfer;

namespace DownloadModels.Engine;

/// <summary>
/// Brings models into the cache: every model is planned and downloaded at once, sharing one limit of
/// files in flight (--jobs), so a model of many small files runs beside one large file.
/// </summary>
internal sealed class ModelDownloader(ModelPlanner planner, BlobDownloader blobs, HubCache cache, IProgressReporter progress, int jobs)
{
    public async Task<IReadOnlyList<ModelResult>> RunAsync(IReadOnlyList<ModelRequest> requests, CancellationToken ct)
    {
        using var slots = new SemaphoreSlim(jobs);
        return await Task.WhenAll(requests.Select(r => RunModelAsync(r, slots, ct)));
    }

    private async Task<ModelResult> RunModelAsync(ModelRequest request, SemaphoreSlim slots, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        ModelPlan plan;
        try
        {
            plan = await planner.PlanAsync(request, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var failed = ModelResult.Failed(request, clock.Elapsed, FailureMessages.For(e, request.Repo.Id));
            progress.ModelFinished(failed);
            return failed;
        }

        progress.ModelPlanned(plan);
        var repoCache = cache.Repo(request.Repo);
        var outcomes = await Task.WhenAll(plan.Files.Select(f => FetchAndLinkAsync(plan, f, repoCache, slots, ct)));
        var errors = outcomes.Where(o => o.Error is not null).Select(o => o.Error!).ToList();
        if (errors.Count == 0)
            errors.AddRange(Finish(plan, repoCache));

        var cached = outcomes.Where(o => o.Result?.WasCached == true).ToArray();
        var result = new ModelResult(request, plan.Commit, plan.Files.Count, cached.Length,
            outcomes.Sum(o => o.Result?.BytesFetched ?? 0), cached.Sum(o => o.File.File.Size), clock.Elapsed, errors);
        progress.ModelFinished(result);
        return result;
    }

    private async Task<FileOutcome> FetchAndLinkAsync(ModelPlan plan, PlannedFile planned, RepoCache repoCache, SemaphoreSlim slots, CancellationToken ct)
    {
        var file = planned.File;
        if (planned.Cached && repoCache.HasBlob(file))
            return Link(plan, repoCache, planned, new BlobResult(true, 0, 0, 0), null);

        await slots.WaitAsync(ct);
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
        finally
        {
            slots.Release();
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
            repoCache.WriteRef(plan.Request.Revision, plan.Commit);
            return [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [FailureMessages.For(e, plan.Request.Repo.Id)];
        }
    }
}
