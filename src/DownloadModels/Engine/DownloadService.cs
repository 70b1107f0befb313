using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Transfer;

namespace DownloadModels.Engine;

/// <summary>
/// Brings models into the cache (offline: checks they are all there) and says how each ended: the cache
/// is proved writable, every model planned, the disk checked for room, then everything downloads. Every
/// command that needs models present (the drop-in, get, verify --repair, pack, mirror) comes through here.
/// </summary>
internal sealed class DownloadService(HubCache cache, ModelPlanner planner, BlobDownloader blobs, DownloadOptions options)
{
    public async Task<IReadOnlyList<ModelResult>> EnsureAsync(IReadOnlyList<ModelRequest> requests, IProgressReporter progress, CancellationToken ct)
    {
        // Offline, a complete cache needs no write (links, refs and markers are only rewritten when wrong),
        // so a read-only mount that holds everything still passes.
        if (!options.Offline && cache.CheckWritable() is { } notWritable)
            throw new UsageException(notWritable);

        var engine = new ModelDownloader(planner, blobs, cache, progress, options.Jobs, options.Offline);
        var plans = await engine.PlanAllAsync(requests, ct);
        if (options.SpaceCheck && !options.Offline && DiskSpace.Check(plans, cache, DiskSpace.FreeBytes) is { } noRoom)
            throw new UsageException(noRoom);
        return await engine.RunAsync(plans, ct);
    }
}
