using System.Diagnostics;
using DownloadModels.Cache;
using DownloadModels.Hub;
using DownloadModels.Transfer;

namespace DownloadModels.Engine;

/// <summary>
/// Brings planned models into their destination (the cache, or a local dir): every model downloads at once,
/// sharing the run's limits of files in flight (<see cref="FileSlots"/>: --jobs large files, many more small
/// ones, all within --max-connections), so a model of many small files runs beside one large file. Offline,
/// nothing is fetched: a model succeeds when the destination holds all of it, and otherwise names what is
/// missing. <paramref name="refetch"/> (--force-download) fetches again what is already there. A refusal that
/// concerns the whole repo (gated, no access) stops its other files at once and is its one error; a repo
/// folder that a failed model created and left empty is removed again.
/// </summary>
internal sealed class ModelDownloader(ModelPlanner planner, BlobDownloader blobs, IDownloadDestination destination, IProgressReporter progress, int jobs, bool offline = false, bool refetch = false)
{
    /// <summary>How many missing file names an offline failure lists before "and N more".</summary>
    private const int MissingNamesShown = 3;

    private const string OfflineMissing = "missing from the cache (offline mode)";

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
                ? planner.PlanFromCache(request, ModelPlanner.OfflineReason) ?? throw new OfflineException($"{request.Repo}@{request.Revision} is not in the cache, and the network is off (offline mode).")
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
        var repoDestination = destination.Repo(plan.Request.Repo);
        var existed = Directory.Exists(repoDestination.Folder);
        var run = new ModelRun(plan, repoDestination, slots, CancellationTokenSource.CreateLinkedTokenSource(ct));
        FileResult[] files;
        List<string> errors;
        using (run.Stop)
        using (await repoDestination.HoldAsync(plan.Commit, plan.Request.Revision, TransferSettings.LockPollInterval,
                   () => progress.Notice($"{plan.Request.Repo}: waiting while rm or prune works on this repo"), ct))
        {
            files = await Task.WhenAll(plan.Files.Select(f => FetchAndPlaceAsync(run, f, ct)));
            errors = Errors(run, files);
            if (errors.Count == 0)
                errors.AddRange(Finish(plan, repoDestination));
        }

        if (errors.Count > 0 && !existed)
            EmptyFolders.Remove(repoDestination.Folder);

        var cached = files.Where(f => f.Status == FileStatus.Cached).ToArray();
        var result = new ModelResult(plan.Request, plan.Commit, plan.Files.Count, cached.Length,
            files.Sum(f => f.Transfer?.BytesFetched ?? 0), cached.Sum(f => f.File.Size), planned.Elapsed + clock.Elapsed, errors)
        {
            FileResults = files,
            SnapshotPath = errors.Count == 0 ? repoDestination.SnapshotFolder(plan.Commit) : null,
        };
        progress.ModelFinished(result);
        return result;
    }

    /// <summary>Each distinct error once: the repo's own refusal, one line for every file missing offline, then the files' errors.</summary>
    private static List<string> Errors(ModelRun run, FileResult[] files)
    {
        var errors = new List<string>();
        if (run.RepoError is { } repoError)
            errors.Add(repoError);
        var missing = files.Where(f => f.Status == FileStatus.Failed && f.MissingOffline).Select(f => f.File.Path).ToArray();
        if (missing.Length > 0)
        {
            var names = string.Join(", ", missing.Take(MissingNamesShown)) + (missing.Length > MissingNamesShown ? $" and {missing.Length - MissingNamesShown} more" : "");
            errors.Add($"{run.Plan.Request.Repo}: {missing.Length} of {files.Length} files are missing from the cache ({names}), and offline mode downloads nothing; run without --offline to fetch them.");
        }

        errors.AddRange(files.Where(f => f.Status == FileStatus.Failed && f.Error is not null && !f.MissingOffline).Select(f => f.Error!));
        return [.. errors.Distinct(StringComparer.Ordinal)];
    }

    private async Task<FileResult> FetchAndPlaceAsync(ModelRun run, PlannedFile planned, CancellationToken ct)
    {
        var (plan, repoDestination) = (run.Plan, run.Repo);
        var file = planned.File;
        if (planned.Cached && repoDestination.HasFile(file))
        {
            if (refetch)
                progress.Notice($"{plan.Request.Repo}/{file.Path}: kept as it is: its content is in the cache's shared blob store, which --force-download never replaces (verify checks it)");
            return PlaceCached(run, planned);
        }
        if (offline)
            return new FileResult(file, FileStatus.Failed, null, OfflineMissing) { MissingOffline = true };

        FileSlot slot;
        try
        {
            slot = await run.Slots.EnterAsync(file.Size, run.Stop.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new FileResult(file, FileStatus.Skipped, null, null);
        }

        using var held = slot;
        FileProgress? counters = null;
        try
        {
            counters = progress.FileStarted(plan, planned);
            var job = new BlobJob(repoDestination, file, planner.ResolveUrl(plan.Request.Repo, plan.Commit, file.Path), repoDestination.LockPath(file))
            {
                Commit = plan.Commit, // placed by the downloader while it still holds the file's lock
                Refetch = refetch,
            };
            var result = await blobs.DownloadAsync(job, counters, progress.Notice, run.Stop.Token);
            progress.FileFinished(counters, result);
            return new FileResult(file, result.WasCached ? FileStatus.Cached : FileStatus.Fetched, result, null);
        }
        catch (HubException e) when (IsAboutTheRepo(e) && !ct.IsCancellationRequested)
        {
            // Every other file would get the same answer: stop them, and say it once for the model.
            var refusal = e.Message;
            run.Refused(refusal);
            if (counters is not null)
                progress.FileStopped(counters);
            return new FileResult(file, FileStatus.Failed, null, refusal);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && run.Stop.IsCancellationRequested)
        {
            if (counters is not null)
                progress.FileStopped(counters);
            return new FileResult(file, FileStatus.Skipped, null, null);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var error = FailureMessages.For(e, $"{plan.Request.Repo}/{file.Path}");
            if (counters is not null)
                progress.FileFailed(counters, error);
            return new FileResult(file, FileStatus.Failed, null, error);
        }
    }

    /// <summary>A file the destination already holds: placed for this commit (its link or metadata may be missing), nothing fetched.</summary>
    private static FileResult PlaceCached(ModelRun run, PlannedFile planned)
    {
        try
        {
            run.Repo.Place(run.Plan.Commit, planned.File);
            return FileResult.Cached(planned.File);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileResult(planned.File, FileStatus.Failed, null, FailureMessages.For(e, $"{run.Plan.Request.Repo}/{planned.File.Path}"));
        }
    }

    /// <summary>Answers that hold for every file of the repo: no point asking for the others.</summary>
    private static bool IsAboutTheRepo(HubException e) =>
        e.Kind is HubErrorKind.GatedRepo or HubErrorKind.Unauthorized or HubErrorKind.RepoNotFound or HubErrorKind.Disabled;

    /// <summary>Once every file is in place: the markers, the saved tree, then the ref, which declares the snapshot complete.</summary>
    private static IEnumerable<string> Finish(ModelPlan plan, IRepoDestination repoDestination)
    {
        try
        {
            repoDestination.Complete(plan.Commit, plan.Request.Revision, plan.Tree, plan.MissingOptional);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [FailureMessages.For(e, plan.Request.Repo.Id)];
        }

        return [];
    }
}
