using System.Buffers;
using DownloadModels.Hub;

namespace DownloadModels.Transfer;

/// <summary>
/// Moves one blob into the cache: under its lock, resume the partial file, fetch the rest (retrying
/// transient failures from the byte reached), verify the hash, and only then give it its final name.
/// </summary>
internal sealed class BlobDownloader(HubHttp http, TransferSettings settings)
{
    public async Task<BlobResult> DownloadAsync(BlobJob job, FileProgress progress, Action<string> onWaiting, CancellationToken ct)
    {
        var file = job.File;
        var blobPath = job.Repo.BlobPath(file.Etag);
        Directory.CreateDirectory(Path.GetDirectoryName(blobPath)!);
        using var fileLock = await Cache.BlobLock.AcquireAsync(job.LockPath, TransferSettings.LockPollInterval,
            () => onWaiting($"{file.Path}: waiting for another process that is writing the same blob"), ct);
        if (job.Repo.HasBlob(file))
        {
            progress.SetDone(file.Size);
            return new BlobResult(true, 0, 0, 0);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(settings.BufferSize);
        try
        {
            var partialPath = job.Repo.IncompletePath(file.Etag);
            long resumed;
            await using (var partial = await PartialBlob.OpenAsync(partialPath, file, progress, buffer, ct))
            {
                resumed = partial.Position;
                var retries = await FetchAndVerifyAsync(job, partial, buffer, ct);
                var result = new BlobResult(false, progress.Fetched, resumed, retries);
                await partial.DisposeAsync();
                File.Move(partialPath, blobPath, overwrite: true);
                return result;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<int> FetchAndVerifyAsync(BlobJob job, PartialBlob partial, byte[] buffer, CancellationToken ct)
    {
        var fetch = new RangeFetcher(http, settings.Retry, job);
        var retries = 0;
        for (var verification = 1; ; verification++)
        {
            retries += await fetch.FillAsync(partial, buffer, ct);
            var actual = partial.Hasher.FinishHex();
            if (actual == partial.Hasher.Expected)
                return retries;

            partial.Restart();
            if (verification >= TransferSettings.VerificationAttempts)
            {
                await partial.DisposeAsync();
                File.Delete(partial.Path);
                throw new FileVerificationException(
                    $"{job.File.Path}: content does not match the Hub's {partial.Hasher.Algorithm} after {verification} attempts " +
                    $"(expected {partial.Hasher.Expected}, got {actual}); the bytes were discarded.");
            }
        }
    }
}
