using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Transfer;

namespace DownloadModels.Engine;

/// <summary>
/// Brings models into their destination, the cache or a local dir (offline: checks they are all there) and
/// says how each ended: the destination is proved writable, every model planned, the disk checked for room,
/// then everything downloads. Every command that needs models present (the drop-in, get, verify --repair,
/// pack, mirror) comes through here.
/// </summary>
internal sealed class DownloadService(IDownloadDestination cache, ModelPlanner planner, BlobDownloader blobs, DownloadOptions options)
{
    public async Task<IReadOnlyList<ModelResult>> EnsureAsync(IReadOnlyList<ModelRequest> requests, IProgressReporter progress, CancellationToken ct)
    {
        // Offline, a complete cache needs no write (links, refs and markers are only rewritten when wrong),
        // so a read-only mount that holds everything still passes.
        if (!options.Offline && cache.CheckWritable() is { } notWritable)
            throw new CommandException(notWritable);

        var engine = new ModelDownloader(planner, blobs, cache, progress, options.Jobs, options.Offline, options.Refetch);
        var plans = (await engine.PlanAllAsync(requests, ct)).Select(Admit).ToArray();
        if (options.SpaceCheck && !options.Offline && DiskSpace.Check(plans, cache, DiskSpace.FreeBytes) is { } noRoom)
            throw new CommandException(noRoom);
        return await engine.RunAsync(plans, ct);
    }

    /// <summary>
    /// A plan fails its model before anything is written when the destination cannot hold one of its files
    /// (a plan that selects nothing — a pattern or a hf:// path that matches no file — failed in the planner).
    /// </summary>
    private PlanOutcome Admit(PlanOutcome outcome)
    {
        if (outcome.Plan is not { } plan)
            return outcome;
        var repo = cache.Repo(outcome.Request.Repo);
        return plan.Files.Select(f => repo.Refusal(f.File)).FirstOrDefault(r => r is not null) is { } refusal
            ? outcome with { Plan = null, Error = refusal }
            : outcome;
    }
}
