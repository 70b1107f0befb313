using Microsoft.Win32.SafeHandles;

namespace DownloadModels.Transfer;

/// <summary>
/// One chunk of a preallocated partial file, written in place at its own offsets, starting where an
/// earlier run left it, and telling <see cref="ChunkState"/> how far it got after every write.
/// </summary>
internal sealed class ChunkTarget(SafeFileHandle file, ChunkState state, int chunk, FileProgress progress) : IRangeTarget
{
    public long Start { get; } = state.StartOf(chunk);
    public long Position { get; private set; } = state.ReachedOf(chunk);
    public long End { get; } = state.EndOf(chunk);
    public bool IsWholeFile => false;

    public async ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        await RandomAccess.WriteAsync(file, data, Position, ct);
        Position += data.Length;
        progress.Received(data.Length);
        state.Advance(chunk, Position);
    }

    public void Restart()
    {
        progress.Rewind(Position - Start);
        Position = Start;
        state.Record(chunk, Start);
    }
}
