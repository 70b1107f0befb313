using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Errors;
using DownloadModels.Units;

namespace DownloadModels.Bundle;

/// <summary>
/// unpack's core (<see cref="UnpackAsync"/>): checks there is room, extracts the whole bundle into a staging folder
/// inside the target cache (same filesystem), checking every entry and hash; only a bundle found entirely valid is
/// merged, repo by repo. The staging folder, and whatever was made only for it, goes again whatever happens.
/// </summary>
internal sealed class Unpacker(HubCache cache)
{
    private int _merged;

    /// <summary>What Ctrl+C prints: what was merged before it came.</summary>
    public string InterruptedText
    {
        get
        {
            var merged = Volatile.Read(ref _merged);
            return merged == 0 ? "Interrupted: nothing was unpacked, the cache is as it was." : $"Interrupted after {merged} repo(s) were merged; run unpack again for the rest.";
        }
    }

    /// <summary>Bytes of blobs the bundle would add: those the cache does not already hold.</summary>
    public long BytesNeeded(BundleContents contents) =>
        contents.Repos.Sum(r => r.Blobs.Where(b => !cache.Repo(r.Repo).HasBlob(b)).Sum(b => b.Size));

    /// <summary>
    /// The whole unpack of an opened bundle: every repo's merge result in the bundle's order (none when the bundle
    /// proves bad or the cache cannot be written: then the outcome's error says so and the cache is as it was).
    /// No room is a <see cref="CommandException"/> before anything is written (<paramref name="spaceCheck"/> false skips it).
    /// </summary>
    public async Task<UnpackOutcome> UnpackAsync(BundleReader reader, bool dryRun, bool spaceCheck, BundleProgress progress, Action<string> onWaiting, CancellationToken ct)
    {
        var contents = reader.Contents;
        long? spaceLeft = null;
        if (!dryRun && spaceCheck)
        {
            // The space left beside the blobs is what the saved trees then count against as they come.
            var (needed, free) = (BytesNeeded(contents), DiskSpace.FreeBytesAt(cache.Root));
            if (DiskSpace.Refusal(cache.Root, needed, $"the bundle adds {ByteSize.Format(needed)}", "--cache-dir", free) is { } noRoom)
                throw new CommandException(ErrorKind.NoSpace, noRoom);
            spaceLeft = free - needed;
        }

        var staging = new StagingArea(cache);
        if (!dryRun)
            staging.Create();
        if (spaceLeft is { } left)
            staging.LimitSpace(left);
        try
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
                    Interlocked.Increment(ref _merged);
                results.Add(result);
            }

            return new UnpackOutcome(results, extracting, null, ExitCodes.ForFailures(results.Count(r => !r.Succeeded)));
        }
        catch (Exception e) when (e is BundleException or IOException or UnauthorizedAccessException)
        {
            var reason = e is BundleException ? e.Message.TrimEnd('.') : $"could not write to {cache.Root} ({SystemErrors.Describe(e)})";
            return new UnpackOutcome([], TimeSpan.Zero, $"{reason}; nothing was unpacked, the cache is as it was.", ExitCodes.ForFailures(Math.Max(1, contents.Repos.Count)))
            {
                ErrorKind = e is BundleException ? ErrorKind.BadBundle : SystemErrors.IsDiskFull(e) ? ErrorKind.NoSpace : ErrorKind.NotWritable,
            };
        }
        finally
        {
            staging.Remove(anythingMerged: Volatile.Read(ref _merged) > 0);
        }
    }
}
