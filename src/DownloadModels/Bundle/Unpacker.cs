using DownloadModels.Cache;

namespace DownloadModels.Bundle;

/// <summary>
/// unpack's core: extracts the whole bundle into a staging folder inside the target cache (same
/// filesystem), checking every entry and hash; only a bundle found entirely valid is merged, repo by repo.
/// </summary>
internal sealed class Unpacker(HubCache cache)
{
    /// <summary>Bytes of blobs the bundle would add: those the cache does not already hold.</summary>
    public long BytesNeeded(BundleContents contents) =>
        contents.Repos.Sum(r => r.Blobs.Where(b => !cache.Repo(r.Repo).HasBlob(b)).Sum(b => b.Size));

    /// <summary>
    /// Every repo's merge result, in the bundle's order, and how long extracting (reading and hashing) took;
    /// <paramref name="onMerged"/> counts the repos really merged.
    /// </summary>
    public async Task<(IReadOnlyList<RepoMergeResult> Results, TimeSpan Extracting)> ExtractAndMergeAsync(BundleReader reader, StagingArea staging, bool dryRun,
        BundleProgress progress, Action<string> onWaiting, Action onMerged, CancellationToken ct)
    {
        var staged = await reader.ExtractAsync(staging, progress, ct);
        var extracting = progress.Elapsed;
        var merger = new CacheMerger(cache);
        var results = new List<RepoMergeResult>();
        foreach (var repo in staged)
        {
            ct.ThrowIfCancellationRequested();
            var result = await merger.MergeAsync(repo, dryRun, onWaiting, ct);
            if (result.Succeeded && !dryRun)
                onMerged();
            results.Add(result);
        }

        return (results, extracting);
    }
}
