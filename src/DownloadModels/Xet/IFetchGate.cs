namespace DownloadModels.Xet;

/// <summary>
/// Decides how many xorb requests are in flight: each request enters before it is sent and reports how it went
/// when it ends, so an implementation can adapt the number to the link (more while throughput grows, fewer on
/// errors and stalls) instead of a fixed count.
/// </summary>
internal interface IFetchGate
{
    /// <summary>How many requests of one file are worth running at once (the gate may still hold some back).</summary>
    int Width { get; }

    ValueTask<IFetchTicket> EnterAsync(CancellationToken ct);
}

/// <summary>One request's place in the gate; disposing it gives the place back.</summary>
internal interface IFetchTicket : IDisposable
{
    /// <summary>The request ended: how many bytes it carried, and whether it failed (stalled, refused, cut).</summary>
    void Completed(long bytes, bool failed);
}

/// <summary>A fixed number of requests: a run-wide cap shared with the HTTP path, and a width per file.</summary>
internal sealed class FixedFetchGate(SemaphoreSlim shared, int width) : IFetchGate
{
    public int Width { get; } = width;

    public async ValueTask<IFetchTicket> EnterAsync(CancellationToken ct)
    {
        await shared.WaitAsync(ct);
        return new Ticket(shared);
    }

    private sealed class Ticket(SemaphoreSlim shared) : IFetchTicket
    {
        private int _released;

        public void Completed(long bytes, bool failed)
        {
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                shared.Release();
        }
    }
}
