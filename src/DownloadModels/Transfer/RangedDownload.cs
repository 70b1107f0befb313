using System.Buffers;
using Microsoft.Win32.SafeHandles;
using DownloadModels.Repos;

namespace DownloadModels.Transfer;

/// <summary>
/// Fetches one large file as parallel Range requests written in place into a preallocated partial file.
/// <see cref="RangeScheduler"/> keeps every connection busy to the end (shrinking last ranges, then work
/// stealing); a hashing task follows the hole-free written prefix byte by byte (re-reading it from the page
/// cache, where it still is), so little is left to hash when the last byte lands. Written ranges survive an
/// interruption through <see cref="RangeRecord"/>.
/// </summary>
internal sealed class RangedDownload(RangeFetcher fetcher, TransferSettings settings, RepoFile file, FileProgress progress)
{
    /// <summary>Fills the partial file and returns the hash of its content and the failed attempts on the way.</summary>
    public async Task<(string Actual, int Retries)> RunAsync(string partialPath, CancellationToken ct)
    {
        var state = new RangeRecord(RangeRecord.PathFor(partialPath), file.Size);
        using var handle = File.OpenHandle(partialPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, FileOptions.Asynchronous);
        var length = RandomAccess.GetLength(handle);
        var written = length == file.Size ? state.TryLoad() : null;
        if (written is null)
        {
            // No record: a plain partial (a prefix, as the sequential path and other clients leave it).
            if (length > file.Size)
                RandomAccess.SetLength(handle, 0);
            written = ByteRange.Coalesce([new ByteRange(0, Math.Min(length, file.Size))]);
        }

        var scheduler = new RangeScheduler(file.Size, written, settings.RangeSize, settings.StealFloor, settings.ConnectionsPerFile);
        state.Save(scheduler.Written);
        RandomAccess.SetLength(handle, file.Size);
        progress.SetDone(scheduler.WrittenBytes());

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stopFlushing = new CancellationTokenSource();
        var flushing = FlushPeriodicallyAsync(state, scheduler, stopFlushing.Token);
        var hashing = HashInOrderAsync(handle, scheduler, failed);
        var retries = 0;
        var workers = Enumerable.Range(0, settings.ConnectionsPerFile).Select(async _ =>
        {
            try
            {
                while (scheduler.TryTake() is { } range)
                {
                    var target = new RangeTarget(handle, scheduler, range, state, progress);
                    Interlocked.Add(ref retries, await fetcher.FillAsync(target, failed.Token));
                    scheduler.Complete(range);
                }
            }
            catch
            {
                // One connection's failure ends the file: the others stop at once instead of fetching on.
                await failed.CancelAsync();
                throw;
            }
        }).ToArray();

        try
        {
            await Task.WhenAll(workers);
        }
        catch
        {
            await StopAsync(stopFlushing, flushing);
            await failed.CancelAsync();
            await Task.WhenAny(hashing);
            // The cause, not the cancellations it set off in the other tasks (a cancelled task carries no exception).
            var errors = workers.Append(hashing).Select(t => t.Exception?.InnerException).OfType<Exception>().ToList();
            var cause = errors.FirstOrDefault(e => e is not OperationCanceledException) ?? errors.FirstOrDefault() ?? new OperationCanceledException(ct);
            if (cause is RangeNotSupportedException)
            {
                // Going sequential: what it may keep is the complete prefix, without the holes.
                RandomAccess.SetLength(handle, scheduler.ContiguousPrefix());
                state.Delete();
            }
            else
            {
                // Stopped (Ctrl+C, a failure): the record gets the last bytes too, for the next run.
                TrySave(state, scheduler);
            }

            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
        }

        await StopAsync(stopFlushing, flushing);
        return (await hashing, retries);
    }

    /// <summary>
    /// Brings the sidecar up to date every <see cref="RangeRecord.FlushIntervalMs"/> while bytes arrive, whatever
    /// the connections do: one that stalls must not keep what the others wrote last out of the record.
    /// </summary>
    private static async Task FlushPeriodicallyAsync(RangeRecord state, RangeScheduler scheduler, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(RangeRecord.FlushIntervalMs));
        var saved = scheduler.WrittenBytes();
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var now = scheduler.WrittenBytes();
                if (now != saved && !TrySave(state, scheduler))
                    return;
                saved = now;
            }
        }
        catch (OperationCanceledException)
        {
            // The download ended: the caller takes it from here.
        }
    }

    /// <summary>A sidecar that cannot be written costs resumability, not the download: what it holds stays a safe underestimate.</summary>
    private static bool TrySave(RangeRecord state, RangeScheduler scheduler)
    {
        try
        {
            state.Save(scheduler.Written);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task flushing)
    {
        await stop.CancelAsync();
        await flushing;
    }

    /// <summary>Hashes the file from byte zero as far as it is written without a hole, waiting for the next write when it catches up.</summary>
    private async Task<string> HashInOrderAsync(SafeFileHandle handle, RangeScheduler scheduler, CancellationTokenSource failed)
    {
        // Off the caller's stack at once: the workers start while this waits for the first bytes.
        await Task.Yield();
        var ct = failed.Token;
        using var hasher = ContentHasher.For(file);
        var buffer = ArrayPool<byte>.Shared.Rent(settings.BufferSize);
        try
        {
            for (var offset = 0L; offset < file.Size;)
            {
                var end = scheduler.ReserveForHashing(offset, buffer.Length, out var progressed);
                if (end == offset)
                {
                    await progressed.WaitAsync(ct);
                    continue;
                }

                while (offset < end)
                {
                    // From the page cache, where the bytes were just written: no thread-pool hop for it.
                    var read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)(end - offset)), offset);
                    if (read == 0)
                        throw new IOException($"{file.Path}: the partial file is shorter than expected.");
                    hasher.Append(buffer.AsSpan(0, read));
                    offset += read;
                }
            }

            return hasher.FinishHex();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A file that cannot be read back ends the download: the connections stop too.
            await failed.CancelAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
