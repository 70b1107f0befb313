using DownloadModels.Transfer;

namespace DownloadModels.Engine;

/// <summary>
/// How many files are in flight, by size. A large file (two --chunk-size ranges or more)
/// may keep many connections busy by itself, so at most --jobs of them run at once. A small file needs one request at
/// a time and its time goes to round trips, not bandwidth, so many more run at once: up to twice
/// --max-connections, or twice the controller's starting point when it is not given (at most
/// <see cref="MaxSmallFilesInFlight"/>), enough to keep every connection asking
/// while the others hash, rename and link what they got. Requests in flight never exceed what the run's
/// connection controller allows either way: every request holds one of its slots (see <see cref="BlobDownloader"/>).
/// </summary>
internal sealed class FileSlots(int jobs, TransferSettings transfer) : IDisposable
{
    private readonly SemaphoreSlim _large = new(jobs);
    private readonly SemaphoreSlim _small = new(SmallFilesInFlight(transfer));

    /// <summary>Each file in flight holds a lock and a partial file open: a bound on open files whatever --max-connections says.</summary>
    public const int MaxSmallFilesInFlight = 128;

    /// <summary>Small files in flight: two per connection of the cap, or of the controller's start (16) by default.</summary>
    public static int SmallFilesInFlight(TransferSettings transfer) => Math.Min(2 * (transfer.MaxConnections ?? TransferSettings.InitialConnectionsDefault), MaxSmallFilesInFlight);

    /// <summary>Waits for a slot for a file of <paramref name="size"/> bytes; dispose the result to give it back.</summary>
    public async Task<FileSlot> EnterAsync(long size, CancellationToken ct)
    {
        // By size, not by how it is fetched: with --connections 1 a large file is one long stream, still --jobs-bound.
        var gate = size >= transfer.ParallelThreshold ? _large : _small;
        await gate.WaitAsync(ct);
        return new FileSlot(gate);
    }

    public void Dispose()
    {
        _large.Dispose();
        _small.Dispose();
    }
}
