using System.Diagnostics;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Hub;
using DownloadModels.Transfer;

namespace DownloadModels.Engine;

/// <summary>
/// Brings models into their destination, the cache or a local dir (offline: checks they are all there) and says how
/// each ended (<see cref="EnsureAsync"/>): the destination is proved writable, every model planned, the disk checked
/// for room, then every model downloads at once, sharing the run's limits of files in flight (<see cref="FileSlots"/>:
/// --jobs large files, many more small ones, all within --max-connections), so a model of many small files runs beside
/// one large file. Every command that needs models present (the drop-in, get, verify --repair, pack, mirror) comes
/// through here. Offline, nothing is fetched: a model succeeds when the destination holds all of it, and otherwise
/// names what is missing. --force-download fetches again what is already there. A refusal that concerns the whole
/// repo (gated, no access) stops its other files at once and is its one error; a repo folder that a failed model
/// created and left empty is removed again.
/// </summary>
internal sealed class ModelDownloader(IDownloadDestination destination, ModelPlanner planner, BlobDownloader blobs, DownloadOptions options)
{
    /// <summary>How many missing file names an offline failure lists before "and N more".</summary>
    private const int MissingNamesShown = 3;

    private const string OfflineMissing = "missing from the cache (offline mode)";

    private bool Offline => options.Offline;

    public async Task<IReadOnlyList<ModelResult>> EnsureAsync(IReadOnlyList<ModelRequest> requests, IProgressReporter progress, CancellationToken ct)
    {
        // Offline, a complete cache needs no write (links, refs and markers are only rewritten when wrong),
        // so a read-only mount that holds everything still passes.
        if (!Offline && destination.CheckWritable() is { } notWritable)
            throw new CommandException(ErrorKind.NotWritable, notWritable);

        // Every model is planned at once (each may fail on its own); nothing is written yet.
        var plans = (await Task.WhenAll(requests.Select(r => PlanAsync(r, ct)))).Select(Admit).ToArray();
        if (options.SpaceCheck && !Offline && DiskSpace.Check(plans, destination, DiskSpace.FreeBytes) is { } noRoom)
            throw new CommandException(ErrorKind.NoSpace, noRoom);
        using var slots = new FileSlots(options.Jobs, blobs.Settings);
        return await Task.WhenAll(plans.Select(p => RunModelAsync(p, slots, progress, ct)));
    }

    /// <summary>
    /// A plan fails its model before anything is written when the destination cannot hold one of its files
    /// (a plan that selects nothing — a pattern or a hf:// path that matches no file — failed in the planner).
    /// </summary>
    private PlanOutcome Admit(PlanOutcome outcome)
    {
        if (outcome.Plan is not { } plan)
            return outcome;
        var repo = destination.Repo(outcome.Request.Repo);
        return plan.Files.Select(f => repo.Refusal(f.File)).FirstOrDefault(r => r is not null) is { } refusal
            ? outcome with { Plan = null, Error = refusal }
            : outcome;
    }

    private async Task<PlanOutcome> PlanAsync(ModelRequest request, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var plan = Offline
                ? planner.PlanFromCache(request, ModelPlanner.OfflineReason) ?? throw new OfflineException($"{request.Repo}@{request.Revision} is not in the cache, and the network is off (offline mode).")
                : await planner.PlanAsync(request, ct);
            return new PlanOutcome(request, plan, null, clock.Elapsed);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return new PlanOutcome(request, null, FailureMessages.For(e, request.Repo.Id), clock.Elapsed);
        }
    }

    private async Task<ModelResult> RunModelAsync(PlanOutcome planned, FileSlots slots, IProgressReporter progress, CancellationToken ct)
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
        var run = new ModelRun(plan, repoDestination, slots, progress, CancellationTokenSource.CreateLinkedTokenSource(ct));
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
        var (plan, repoDestination, progress, refetch) = (run.Plan, run.Repo, run.Progress, options.Refetch);
        var file = planned.File;
        if (planned.Cached && repoDestination.HasFile(file))
        {
            if (refetch)
                progress.Notice($"{plan.Request.Repo}/{file.Path}: kept as it is: its content is in the cache's shared blob store, which --force-download never replaces (verify checks it)");
            return PlaceCached(run, planned);
        }
        if (Offline)
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

    /// <summary>
    /// One model's downloads in flight: its plan and its repo in the destination, the run's shared file slots and
    /// progress view, and a stop that ends the model's other files once the Hub refuses the repo itself (the first
    /// refusal is kept).
    /// </summary>
    private sealed class ModelRun(ModelPlan plan, IRepoDestination repo, FileSlots slots, IProgressReporter progress, CancellationTokenSource stop)
    {
        private string? _repoError;

        public ModelPlan Plan { get; } = plan;
        public IRepoDestination Repo { get; } = repo;
        public FileSlots Slots { get; } = slots;
        public IProgressReporter Progress { get; } = progress;
        public CancellationTokenSource Stop { get; } = stop;

        /// <summary>The Hub's refusal of the whole repo, if one came.</summary>
        public string? RepoError => Volatile.Read(ref _repoError);

        public void Refused(string error)
        {
            if (Interlocked.CompareExchange(ref _repoError, error, null) is null)
                Stop.Cancel();
        }
    }
}
