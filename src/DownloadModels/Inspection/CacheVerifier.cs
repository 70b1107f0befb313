using System.Runtime.CompilerServices;
using DownloadModels.Cache;
using DownloadModels.Engine;

namespace DownloadModels.Inspection;

/// <summary>
/// verify's core: every repo at once, hashing bounded by <c>jobs</c> across them all; each verdict is
/// yielded as soon as it and those before it are done, so a report streams in the selection's order.
/// </summary>
internal sealed class CacheVerifier(ModelPlanner planner, HubCache cache, bool online, int jobs)
{
    public async IAsyncEnumerable<RepoVerification> VerifyAsync(IReadOnlyList<ModelRequest> requests, [EnumeratorCancellation] CancellationToken ct)
    {
        var resolver = new TargetResolver(planner, cache, online);
        using var hashSlots = new SemaphoreSlim(jobs);
        var checker = new SnapshotChecker(cache, hashSlots);
        var pending = requests.Select(async r => await checker.CheckAsync(await resolver.ResolveAsync(r, ct), ct)).ToArray();
        try
        {
            foreach (var task in pending)
                yield return await task;
        }
        finally
        {
            // The semaphore must outlive every task, including those still running when one throws.
            await ((Task)Task.WhenAll(pending)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
