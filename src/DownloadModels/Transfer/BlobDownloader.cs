using DownloadModels.Hub;

namespace DownloadModels.Transfer;

/// <summary>
/// Moves one blob into the cache: under its lock, resume the partial file, fetch the rest (as parallel
/// ranges for large files, else one stream; retrying transient failures from the byte reached), verify
/// the hash, and only then give it its final name. One instance serves a whole run: it owns the cap on
/// connections across all files.
/// </summary>
internal sealed class BlobDownloader(HubHttp http, TransferSettings settings)
{
    private readonly SemaphoreSlim _connections = new(settings.MaxConnections);

    public TransferSettings Settings => settings;

    public async Task<BlobResult> DownloadAsync(BlobJob job, FileProgress progress, Action<string> onWaiting, CancellationToken ct)
    {
        var file = job.File;
        var blobPath = job.Repo.BlobPath(file.Etag);
        Directory.CreateDirectory(Path.GetDirectoryName(blobPath)!);
        using var fileLock = await Cache.BlobLock.AcquireAsync(job.LockPath, TransferSettings.LockPollInterval,
            () => onWaiting($"{file.Path}: waiting while another download (this run or another process) writes the same blob"), ct);
        if (job.Repo.HasBlob(file))
        {
            progress.SetDone(file.Size);
            return new BlobResult(true, 0, 0, 0);
        }

        var partialPath = job.Repo.IncompletePath(file.Etag);
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
                    ? await FetchInChunksAsync(fetcher, file, partialPath, progress, ct)
                    : await FetchInOneStreamAsync(fetcher, file, partialPath, progress, ct);
                resumed ??= onDisk;
                retries += attemptRetries;
            }
            catch (Exception e) when (e is not (RangeNotSupportedException or OperationCanceledException))
            {
                // A file that failed before its first byte leaves no empty partial behind.
                if (File.Exists(partialPath) && new FileInfo(partialPath).Length == 0)
                    File.Delete(partialPath);
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
            File.Delete(ChunkState.PathFor(partialPath));
            progress.SetDone(0);
            if (verification >= TransferSettings.VerificationAttempts)
                throw new FileVerificationException(
                    $"{file.Path}: content does not match the Hub's {ContentHasher.AlgorithmOf(file)} after {verification} attempts " +
                    $"(expected {ContentHasher.ExpectedOf(file)}, got {actual}); the bytes were discarded.");
        }

        File.Move(partialPath, blobPath, overwrite: true);
        File.Delete(ChunkState.PathFor(partialPath));
        return new BlobResult(false, progress.Fetched, resumed ?? 0, retries);
    }

    private async Task<(string, int, long)> FetchInChunksAsync(RangeFetcher fetcher, RepoFile file, string partialPath, FileProgress progress, CancellationToken ct)
    {
        var chunked = new ChunkedDownload(fetcher, settings, file, progress);
        var (actual, retries) = await chunked.RunAsync(partialPath, ct);
        return (actual, retries, progress.Done - progress.Fetched);
    }

    private async Task<(string, int, long)> FetchInOneStreamAsync(RangeFetcher fetcher, RepoFile file, string partialPath, FileProgress progress, CancellationToken ct)
    {
        TrimToContiguousPrefix(partialPath, file);
        await using var partial = await PartialBlob.OpenAsync(partialPath, file, progress, settings.BufferSize, ct);
        var onDisk = partial.Position;
        var retries = await fetcher.FillAsync(partial, ct);
        return (partial.Hasher.FinishHex(), retries, onDisk);
    }

    /// <summary>A partial left by a chunked run is full-length with holes: keep only its complete prefix.</summary>
    private static void TrimToContiguousPrefix(string partialPath, RepoFile file)
    {
        var state = new ChunkState(ChunkState.PathFor(partialPath), file.Size);
        if (state.TryLoad() is not { } written)
        {
            if (state.Exists)
            {
                // A sidecar it cannot read (another size, a format it does not know): nothing in the partial can be trusted as a prefix.
                File.Delete(partialPath);
                state.Delete();
            }

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
