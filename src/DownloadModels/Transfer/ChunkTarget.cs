using Microsoft.Win32.SafeHandles;

namespace DownloadModels.Transfer;

/// <summary>One chunk of a preallocated partial file, written in place at its own offsets.</summary>
internal sealed class ChunkTarget(SafeFileHandle file, long start, long end, FileProgress progress) : IRangeTarget
{
    public long Start { get; } = start;
    public long Position { get; private set; } = start;
    public long End { get; } = end;
    public bool IsWholeFile => false;

    public async ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        await RandomAccess.WriteAsync(file, data, Position, ct);
        Position += data.Length;
        progress.Received(data.Length);
    }

    public void Restart()
    {
        progress.Rewind(Position - Start);
        Position = Start;
    }
}
