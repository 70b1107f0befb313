using System.Buffers;
using System.Collections.Concurrent;
using DownloadModels.Hub;
using DownloadModels.Repos;
using DownloadModels.Xet;

namespace DownloadModels.Transfer;

/// <summary>
/// Moves one file into its destination (a cache blob, or the file of a local dir): under its lock, resume the
/// partial file, fetch the rest (as ranges, more of them in parallel while that pays, for files of a few MiB
/// and more, else one stream; retrying transient failures from the byte reached), verify the hash, and only
/// then give it its final name and place it. One instance serves a whole run: it owns the run's
/// <see cref="ConcurrencyController"/>, which decides how many requests are in flight across all files.
/// </summary>
internal sealed class BlobDownloader(HubHttp http, TransferSettings settings)
{
    private readonly ConcurrencyController _connections =
        new(settings.InitialConnections, Math.Min(TransferSettings.MinConnections, settings.ConnectionCap), settings.ConnectionCap);

    // --force-download fetches a file once per run: a second file with the same final path (the same blob) finds it done.
    private readonly ConcurrentDictionary<string, bool> _refetched = new(StringComparer.Ordinal);

    private XetTransport? _xet;

    /// <summary>The run's Xet path, unless --transport http turned it off.</summary>
    private XetTransport? Xet => settings.Transport == TransportMode.Http
        ? null
        : LazyInitializer.EnsureInitialized(ref _xet, () => new XetTransport(http, settings, _connections, TimeProvider.System));

    public TransferSettings Settings => settings;

    /// <summary>The run's connection controller: anything else that fetches in this run (the Xet client) shares it.</summary>
    public ConcurrencyController Connections => _connections;

    /// <summary>
    /// --dry-run: the bytes of <paramref name="file"/> Xet chunk reuse would copy from the cache instead of fetching
    /// (null when the Xet path would not carry it, or the store cannot tell).
    /// </summary>
    public async Task<long?> EstimateReuseAsync(Cache.RepoCache repo, RepoFile file, string commit, CancellationToken ct) =>
        Xet is { } xet ? await xet.EstimateReuseAsync(repo, file, commit, ct) : null;

    public async Task<BlobResult> DownloadAsync(BlobJob job, FileProgress progress, Action<string> onWaiting, CancellationToken ct)
    {
        var file = job.File;
        var finalPath = job.Repo.FinalPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(finalPath)!);
        using var fileLock = await Cache.BlobLock.AcquireAsync(job.LockPath, TransferSettings.LockPollInterval,
            () => onWaiting($"{file.Path}: waiting while another download (this run or another process) writes the same blob"), ct, tellAfter: TransferSettings.LockNoticeAfter);
        if (await IsAlreadyThereAsync(job, finalPath, ct))
        {
            progress.SetDone(file.Size);
            Place(job);
            return new BlobResult(true, 0, 0, 0);
        }

        var partialPath = job.Repo.PartialPath(file);
        // In the cache the partial lies beside its blob (blobs/, created above); a local dir keeps it elsewhere.
        if (Path.GetDirectoryName(partialPath) is { } partialFolder && partialFolder != Path.GetDirectoryName(finalPath))
            Directory.CreateDirectory(partialFolder);
        if (Xet is { } xet && xet.Takes(job = await xet.RecogniseAsync(job, ct), partialPath))
        {
            try
            {
                var result = await xet.DownloadAsync(job, partialPath, progress, ct);
                File.Move(partialPath, finalPath, overwrite: true);
                XetState.DeleteFor(partialPath);
                if (job.Refetch)
                    _refetched[finalPath] = true;
                Place(job);
                return result;
            }
            catch (XetUnavailableException e)
            {
                // Absent or broken store: this file (and, if broken, every later one) goes over HTTP.
                if (xet.FallbackNotice(e) is { } line)
                    onWaiting(line);
            }
            catch when (XetState.WrittenRanges(partialPath).Count == 0)
            {
                // Failed or stopped before its first chunk: no empty partial is left behind.
                File.Delete(partialPath);
                XetState.DeleteFor(partialPath);
                throw;
            }
        }

        AdoptXetPartial(partialPath, file);
        var fetcher = new RangeFetcher(http, settings.Retry, job, _connections, settings.BufferSize);
        var ranges = settings.UsesRanges(file.Size);
        long? resumed = null;
        var retries = 0;
        for (var verification = 1; ; verification++)
        {
            string actual;
            try
            {
                (actual, var attemptRetries, var onDisk) = ranges
                    ? await FetchInRangesAsync(fetcher, file, partialPath, progress, ct)
                    : await FetchInOneStreamAsync(fetcher, file, partialPath, progress, ct);
                resumed ??= onDisk;
                retries += attemptRetries;
            }
            catch (Exception e) when (e is not RangeNotSupportedException)
            {
                // A file that failed (or was stopped) before its first byte leaves no empty partial behind.
                if (HoldsNothing(partialPath, file))
                {
                    File.Delete(partialPath);
                    RangeRecord.DeleteFor(partialPath);
                }

                throw;
            }
            catch (RangeNotSupportedException)
            {
                // A server that answers ranges with the whole file: keep the verified prefix, go sequential.
                ranges = false;
                verification--;
                continue;
            }

            if (actual == ContentHasher.ExpectedOf(file))
                break;

            File.Delete(partialPath);
            RangeRecord.DeleteFor(partialPath);
            progress.SetDone(0);
            if (verification >= TransferSettings.VerificationAttempts)
                throw new FileVerificationException(
                    $"{file.Path}: content does not match the Hub's {ContentHasher.AlgorithmOf(file)} after {verification} attempts " +
                    $"(expected {ContentHasher.ExpectedOf(file)}, got {actual}); the bytes were discarded.");
        }

        File.Move(partialPath, finalPath, overwrite: true);
        if (settings.UsesRanges(file.Size))
            RangeRecord.DeleteFor(partialPath);
        else
            File.Delete(RangeRecord.TempPathFor(RangeRecord.PathFor(partialPath))); // the sidecar itself went before the stream began
        if (job.Refetch)
            _refetched[finalPath] = true;
        Place(job);
        return new BlobResult(false, progress.Fetched, resumed ?? 0, retries) { Transport = BlobTransport.Http };
    }

    /// <summary>
    /// Under the lock, whether the destination already holds the file: what another process or an earlier file
    /// of this run finished counts, unless --force-download asks for it again. A file already under its final name
    /// that the destination cannot vouch for (a local dir without metadata) is hashed, and kept when it matches.
    /// </summary>
    private async Task<bool> IsAlreadyThereAsync(BlobJob job, string finalPath, CancellationToken ct)
    {
        var file = job.File;
        if (job.Refetch && !_refetched.ContainsKey(finalPath) && !job.Repo.KeepsAsIs(file))
            return false;

        // Nothing under the final name (the usual case for a file to fetch): neither destination can hold it.
        var entry = Cache.DiskEntry.Probe(finalPath);
        if (entry.Kind == Cache.EntryKind.Absent)
            return false;
        if (job.Repo.HasFile(file))
            return true;
        return !job.Refetch && entry.Kind == Cache.EntryKind.File && entry.Length == file.Size
            && await HashOfAsync(finalPath, file, ct) == ContentHasher.ExpectedOf(file);
    }

    private async Task<string> HashOfAsync(string path, RepoFile file, CancellationToken ct)
    {
        using var hasher = ContentHasher.For(file);
        var buffer = ArrayPool<byte>.Shared.Rent(settings.BufferSize);
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            int read;
            while ((read = await stream.ReadAsync(buffer, ct)) > 0)
                hasher.Append(buffer.AsSpan(0, read));
            return hasher.FinishHex();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Placed (linked, or its metadata written) while the lock is still held.</summary>
    private static void Place(BlobJob job)
    {
        if (job.Commit is { } commit)
            job.Repo.Place(commit, job.File);
    }

    private async Task<(string, int, long)> FetchInRangesAsync(RangeFetcher fetcher, RepoFile file, string partialPath, FileProgress progress, CancellationToken ct)
    {
        var ranged = new RangedDownload(fetcher, settings, _connections, file, progress);
        var (actual, retries) = await ranged.RunAsync(partialPath, ct);
        return (actual, retries, progress.Done - progress.Fetched);
    }

    private async Task<(string, int, long)> FetchInOneStreamAsync(RangeFetcher fetcher, RepoFile file, string partialPath, FileProgress progress, CancellationToken ct)
    {
        TrimToContiguousPrefix(partialPath, file);
        await using var partial = await PartialBlob.OpenAsync(partialPath, file, progress, settings.BufferSize, ct);
        var onDisk = partial.Position;
        var retries = await fetcher.FillAsync(partial, null, ct);
        return (partial.Hasher.FinishHex(), retries, onDisk);
    }

    /// <summary>
    /// A partial file the Xet path left (its sidecar records whole chunks) continues over HTTP from the same bytes:
    /// its chunks become the written ranges of the HTTP path's own sidecar (the content is the same whichever
    /// transport wrote it).
    /// </summary>
    private static void AdoptXetPartial(string partialPath, RepoFile file)
    {
        if (!XetState.ExistsFor(partialPath))
            return;
        var written = XetState.WrittenRanges(partialPath).Select(r => new ByteRange(r.Start, r.End)).Where(r => r.End <= file.Size).ToList();
        if (written.Count > 0 && File.Exists(partialPath))
            new RangeRecord(RangeRecord.PathFor(partialPath), file.Size).Save(written);
        else
            File.Delete(partialPath);
        XetState.DeleteFor(partialPath);
    }

    /// <summary>An empty partial, or a preallocated one whose range record says no byte arrived.</summary>
    private static bool HoldsNothing(string partialPath, RepoFile file)
    {
        var partial = new FileInfo(partialPath);
        if (!partial.Exists)
            return false;
        if (partial.Length == 0)
            return true;
        try
        {
            return new RangeRecord(RangeRecord.PathFor(partialPath), file.Size).TryLoad() is { } written && written.Sum(r => r.Length) == 0;
        }
        catch (IOException)
        {
            return false; // an unreadable record: keep the partial, the next run sorts it out
        }
    }

    /// <summary>A partial left by a ranged run is full-length with holes: keep only its complete prefix.</summary>
    private static void TrimToContiguousPrefix(string partialPath, RepoFile file)
    {
        var state = new RangeRecord(RangeRecord.PathFor(partialPath), file.Size);
        if (!state.Exists)
            return;
        if (state.TryLoad() is not { } written)
        {
            // A sidecar it cannot read (another size, a format it does not know): nothing in the partial can be trusted as a prefix.
            File.Delete(partialPath);
            state.Delete();
            return;
        }

        if (File.Exists(partialPath))
        {
            using var stream = new FileStream(partialPath, FileMode.Open, FileAccess.Write);
            stream.SetLength(Math.Min(stream.Length, ByteRange.ContiguousPrefix(written)));
        }

        state.Delete();
    }
}
