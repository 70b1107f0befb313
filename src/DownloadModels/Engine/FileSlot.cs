namespace DownloadModels.Engine;

/// <summary>One file admitted by <see cref="FileSlots"/>; disposing it lets the next one in.</summary>
internal sealed class FileSlot(SemaphoreSlim gate) : IDisposable
{
    private SemaphoreSlim? _gate = gate;

    public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release();
}
