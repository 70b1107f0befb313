using Microsoft.Win32.SafeHandles;

namespace DownloadModels.Transfer;

/// <summary>
/// One range of a preallocated partial file, written in place at its own offsets, starting where an earlier
/// run left it. Its end may move down while it is fetched (another connection stole the second half): the
/// bytes past it are dropped and the fetch ends there. The sidecar follows the writes on its own timer
/// (see <see cref="RangedDownload"/>), except after a restart, which it records at once. While it is the file's
/// only range left and reaches its end (the file is still a stream), it is asked for as a stream is: the rest
/// of the file, no end in the header.
/// </summary>
internal sealed class RangeTarget(SafeFileHandle file, RangeScheduler scheduler, ScheduledRange range, RangeRecord state, FileProgress progress) : IRangeTarget
{
    public long Position => range.Position;
    public long End => range.End;
    public bool IsWholeFile => false;
    public bool OpenEnded => scheduler.IsOnlyRangeLeft(range);

    public ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        var count = scheduler.Claim(range, data.Length);
        if (count == 0)
            return ValueTask.CompletedTask;
        // A write into the page cache takes microseconds: done here rather than by a thread-pool hop per socket read.
        RandomAccess.Write(file, data.Span[..count], range.Position);
        scheduler.Advance(range, count);
        progress.Received(count);
        return ValueTask.CompletedTask;
    }

    public void Restart()
    {
        progress.Rewind(scheduler.Restart(range));
        state.Save(scheduler.Written);
    }
}
