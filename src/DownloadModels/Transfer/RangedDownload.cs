using System.Buffers;
using Microsoft.Win32.SafeHandles;
using DownloadModels.Repos;

namespace DownloadModels.Transfer;

/// <summary>
/// Fetches one file as Range requests written in place into its partial file. It starts as one request; more
/// connections join while that pays (<see cref="SplitPolicy"/>: ranges not asked for yet always do, a range in
/// flight is split when it would otherwise end long after a new request's first byte) and the run's
/// <see cref="ConcurrencyController"/> has a slot for them, up to --connections when given. So a file on
/// loopback is one stream, a 25 MB file on a slow link is split down to about a MiB, and the last large file of
/// a run gets every connection the others gave back. <see cref="RangeScheduler"/> keeps every connection busy
/// to the end (shrinking last ranges, then work stealing); a hashing task follows the hole-free written prefix
/// byte by byte (re-reading it from the page cache, where it still is), so little is left to hash when the
/// last byte lands. Written ranges survive an interruption through <see cref="RangeRecord"/>, written once the
/// file has a second range (until then the partial is a plain prefix, as the one-stream path leaves it).
/// </summary>
internal sealed class RangedDownload(RangeFetcher fetcher, TransferSettings settings, ConcurrencyController connections, RepoFile file, FileProgress progress)
{
    /// <summary>How often a file in flight looks whether one more connection would pay.</summary>
    public static readonly TimeSpan RecruitInterval = TimeSpan.FromMilliseconds(10);

    private readonly Lock _recordGate = new();
    private readonly List<Task> _workers = [];
    private int _active;

    // Connections the file may keep while it has ranges not asked for yet (see ConnectionProbe); the recruiter sets it.
    private volatile int _cap = settings.PendingConnectionCap;
    private volatile bool _recorded;

    /// <summary>Fills the partial file and returns the hash of its content and the failed attempts on the way.</summary>
    public async Task<(string Actual, int Retries)> RunAsync(string partialPath, CancellationToken ct)
    {
        var state = new RangeRecord(RangeRecord.PathFor(partialPath), file.Size);
        using var handle = File.OpenHandle(partialPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, FileOptions.Asynchronous);
        var length = RandomAccess.GetLength(handle);
        var written = length == file.Size ? state.TryLoad() : null;
        _recorded = written is not null;
        if (written is null)
        {
            // No record: a plain partial (a prefix, as the sequential path and other clients leave it).
            if (length > file.Size)
            {
                RandomAccess.SetLength(handle, 0);
                length = 0;
            }

            written = ByteRange.Coalesce([new ByteRange(0, Math.Min(length, file.Size))]);
            state.Delete();
        }

        var scheduler = new RangeScheduler(file.Size, written, settings.RangeSize, settings.StealFloor, 1);
        progress.SetDone(scheduler.WrittenBytes());

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stopFlushing = new CancellationTokenSource();
        using var allDone = new CancellationTokenSource();
        var flushing = FlushPeriodicallyAsync(state, scheduler, stopFlushing.Token);
        var hashing = HashInOrderAsync(handle, scheduler, failed);
        var retries = 0;

        async Task WorkAsync(ConcurrencyController.ConnectionLease? given)
        {
            try
            {
                using var lease = given ?? await connections.AcquireAsync(failed.Token);
                while (scheduler.TryTake(Policy(), out var beyondPrefix) is { } range)
                {
                    if (beyondPrefix)
                        EnsureRecorded(handle, state, scheduler);
                    var target = new RangeTarget(handle, scheduler, range, state, progress);
                    Interlocked.Add(ref retries, await fetcher.FillAsync(target, lease, failed.Token));
                    scheduler.Complete(range);
                    // The controller shrank (push-back): this slot goes back; the recruiter asks again when there is room.
                    if (lease.OverLimit && Volatile.Read(ref _active) > 1)
                        break;
                    // A probe for more connections did not pay: the ones above the file's cap go once their range is done.
                    if (Volatile.Read(ref _active) > _cap && scheduler.HasPending)
                        break;
                }
            }
            catch
            {
                // One connection's failure ends the file: the others stop at once instead of fetching on.
                await failed.CancelAsync();
                throw;
            }
            finally
            {
                scheduler.SetConnections(Interlocked.Decrement(ref _active));
                if (Volatile.Read(ref _active) == 0)
                    await allDone.CancelAsync();
            }
        }

        void Start(ConcurrencyController.ConnectionLease? lease)
        {
            scheduler.SetConnections(Interlocked.Increment(ref _active));
            lock (_workers)
                _workers.Add(WorkAsync(lease));
        }

        Start(null);
        var recruiting = RecruitAsync(scheduler, Start, allDone.Token, failed.Token);
        try
        {
            await recruiting;
            Task[] workers;
            lock (_workers)
                workers = [.. _workers];
            await Task.WhenAll(workers);
        }
        catch
        {
            await StopAsync(stopFlushing, flushing);
            await failed.CancelAsync();
            Task[] workers;
            lock (_workers)
                workers = [.. _workers];
            await Task.WhenAny(Task.WhenAll(workers));
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
            else if (_recorded)
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
    /// While the file's connections work: one more whenever it would find work that pays, the file is under its
    /// cap and the controller has a slot free (a refusal tells the controller that more would be used). Ranges
    /// not taken yet call for up to <see cref="TransferSettings.PendingConnectionCap"/> connections; past that,
    /// only a split that pays does, and, while ranges not taken yet remain, only up to what a
    /// <see cref="ConnectionProbe"/> found to pay the run (on a CPU-bound loopback a large file keeps its one).
    /// </summary>
    private async Task RecruitAsync(RangeScheduler scheduler, Action<ConcurrencyController.ConnectionLease> start, CancellationToken allDone, CancellationToken failed)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(allDone, failed);
        var probe = new ConnectionProbe(settings.PendingConnectionCap, settings.FileConnectionCap);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var policy = Policy();
                var pending = scheduler.HasPending;
                _cap = probe.Observe(System.Diagnostics.Stopwatch.GetTimestamp(), connections.Totals(), Volatile.Read(ref _active),
                    pending && scheduler.WantsAnother(policy, pending: false), connections.Latency);
                while (Volatile.Read(ref _active) is > 0 and var active && active < settings.FileConnectionCap
                    && (active < _cap || (!scheduler.HasPending && !probe.Saturated))
                    && scheduler.WantsAnother(policy, pending: active < settings.PendingConnectionCap)
                    && connections.TryAcquire(out var lease))
                {
                    start(lease);
                }

                await Task.Delay(RecruitInterval, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Every connection is done (or one failed, which the workers report).
        }
    }

    /// <summary>When a split pays and how it cuts, for this file now (its cap less the connections it has).</summary>
    private SplitPolicy Policy() => SplitPolicy.For(connections, settings.SplitFloor, settings.FileConnectionCap - Volatile.Read(ref _active));

    /// <summary>
    /// Before the first byte past the written prefix: the record must exist before the partial has holes (or its
    /// full length), or the next run would take the holes for bytes.
    /// </summary>
    private void EnsureRecorded(SafeFileHandle handle, RangeRecord state, RangeScheduler scheduler)
    {
        if (_recorded)
            return;
        lock (_recordGate)
        {
            if (_recorded)
                return;
            state.Save(scheduler.Written);
            RandomAccess.SetLength(handle, file.Size);
            _recorded = true;
        }
    }

    /// <summary>
    /// Brings the sidecar up to date every <see cref="RangeRecord.FlushIntervalMs"/> while bytes arrive, whatever
    /// the connections do: one that stalls must not keep what the others wrote last out of the record.
    /// </summary>
    private async Task FlushPeriodicallyAsync(RangeRecord state, RangeScheduler scheduler, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(RangeRecord.FlushIntervalMs));
        var saved = scheduler.WrittenBytes();
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (!_recorded)
                    continue; // a plain prefix needs no record
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
