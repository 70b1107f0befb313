using DownloadModels.Bundle;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Engine;
using DownloadModels.Output;
using DownloadModels.Units;

namespace DownloadModels.Commands;

/// <summary>
/// unpack: reads the whole bundle into a staging folder inside the target cache (same filesystem),
/// checking every entry and hash; only a bundle found entirely valid is merged, repo by repo. A bad
/// bundle leaves the cache exactly as it was: the staging folder, and any folder or CACHEDIR.TAG made
/// for it, are removed. Exit: 0, 1 (usage, unreadable bundle) or N = repos not unpacked.
/// </summary>
internal sealed class UnpackRunner(AppEnvironment env, BundleStreams streams, UnpackOptions options)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var input = OpenInput();
        var cache = new HubCache(options.Cache.HubCacheDir);
        if (!options.Quiet)
            env.Out.WriteLine($"Cache: {cache.Root} (from {options.Cache.Source})");

        BundleReader reader;
        try
        {
            reader = await BundleReader.OpenAsync(input, ct);
        }
        catch (BundleException e)
        {
            env.Error.WriteLine($"download-models: {e.Message.TrimEnd('.')}; nothing was unpacked, the cache is as it was.");
            return ExitCodes.Usage;
        }

        await using (reader)
        {
            var contents = reader.Contents;
            if (!options.Quiet)
                env.Out.WriteLine($"Bundle: {contents.Repos.Count} repo(s), {ByteSize.Format(contents.BlobBytes)} of blobs, made by {contents.Tool} at {contents.Created.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z");
            CheckSpace(cache, contents);
            var staging = new StagingArea(cache);
            if (!options.DryRun)
                staging.Create();
            var merged = 0;
            try
            {
                var results = await ExtractAndMergeAsync(reader, cache, staging, () => merged++, ct);
                return ExitCodes.ForFailures(results.Count(r => !r.Succeeded));
            }
            catch (Exception e) when (e is BundleException or IOException or UnauthorizedAccessException)
            {
                var reason = e is BundleException ? e.Message.TrimEnd('.') : $"could not write to {cache.Root}: {e.Message.TrimEnd('.')}";
                env.Error.WriteLine($"download-models: {reason}; nothing was unpacked, the cache is as it was.");
                return ExitCodes.ForFailures(Math.Max(1, contents.Repos.Count));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                env.Error.WriteLine();
                env.Error.WriteLine(merged == 0 ? "Interrupted: nothing was unpacked, the cache is as it was." : $"Interrupted after {merged} repo(s) were merged; run unpack again for the rest.");
                throw;
            }
            finally
            {
                staging.Remove(anythingMerged: merged > 0);
            }
        }
    }

    private async Task<IReadOnlyList<RepoMergeResult>> ExtractAndMergeAsync(BundleReader reader, HubCache cache, StagingArea staging, Action onMerged, CancellationToken ct)
    {
        var progress = new BundleProgress(options.Quiet ? null : env.Error, "unpacked", reader.Contents.BlobBytes, TimeProvider.System, TimeSpan.FromSeconds(5));
        var staged = await reader.ExtractAsync(staging.PathFor, progress, ct);
        var extracting = progress.Elapsed;

        var merger = new CacheMerger(cache);
        var results = new List<RepoMergeResult>();
        foreach (var repo in staged)
        {
            ct.ThrowIfCancellationRequested();
            var result = await merger.MergeAsync(repo, options.DryRun, line => env.Error.WriteLine(line), ct);
            if (result.Succeeded && !options.DryRun)
                onMerged();
            results.Add(result);
        }

        UnpackReport.Write(options.Quiet ? null : env.Out, env.Error, results, options.DryRun, progress.Done, extracting);
        return results;
    }

    private Stream OpenInput()
    {
        if (options.FromStdin)
        {
            return streams.InputIsTerminal
                ? throw new UsageException("refusing to read a bundle from a terminal: pipe one in (ssh host download-models pack - | download-models unpack -) or give a file.")
                : streams.OpenInput();
        }

        var path = Path.GetFullPath(options.Bundle, env.CurrentDirectory);
        if (!File.Exists(path))
            throw new UsageException(Directory.Exists(path) ? $"{path} is a folder, not a bundle." : $"the bundle {path} does not exist.");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read the bundle {path}: {e.Message.TrimEnd('.')}.");
        }
    }

    /// <summary>Refuses before extracting when the blobs the cache lacks cannot fit (--no-space-check skips this).</summary>
    private void CheckSpace(HubCache cache, BundleContents contents)
    {
        if (options.DryRun || !options.SpaceCheck)
            return;
        var needed = contents.Repos.Sum(r => r.Blobs.Where(b => !cache.Repo(r.Repo).HasBlob(b)).Sum(b => b.Size));
        var existing = cache.Root;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
            existing = parent;
        var free = DiskSpace.FreeBytes(existing);
        if (needed > free)
            throw new UsageException($"not enough free space in {cache.Root}: the bundle adds {ByteSize.Format(needed)}, {ByteSize.Format(free)} free; free some space, choose another --cache-dir, or pass --no-space-check.");
    }
}
