namespace DownloadModels.Transfer;

/// <summary>
/// The turn to ask the Hub where a file's bytes are (one request at a time per file). Released as soon
/// as the answer's headers are in (the signed URL is then known to everyone), or when the attempt ends.
/// </summary>
internal sealed class ResolveTurn(SemaphoreSlim? gate) : IDisposable
{
    private SemaphoreSlim? _gate = gate;

    public void Release() => Interlocked.Exchange(ref _gate, null)?.Release();

    public void Dispose() => Release();
}
