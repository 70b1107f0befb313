using System.Buffers;
using Microsoft.Win32.SafeHandles;
using DownloadModels.Repos;

namespace DownloadModels.Transfer;

/// <summary>
/// Fetches one large file as parallel Range requests written in place into a preallocated partial file,
/// while a hashing task follows the contiguous prefix as chunks complete (re-reading them from the page
/// cache, where they still are). Finished chunks survive an interruption through <see cref="ChunkState"/>.
/// </summary>
internal sealed class ChunkedDownload(RangeFetcher fetcher, TransferSettings settings, RepoFile file, FileProgress progress)
{
    /// <summary>Fills the partial file and returns the hash of its content and the failed attempts on the way.</summary>
    public async Task<(string Actual, int Retries)> RunAsync(string partialPath, CancellationToken ct)
    {
        var state = new ChunkState(ChunkState.PathFor(partialPath), file.Size, settings.ChunkSize);
        using var handle = File.OpenHandle(partialPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, FileOptions.Asynchronous);
        var length = RandomAccess.GetLength(handle);
        if (!(length == file.Size && state.TryLoad()))
        {
            if (length > file.Size)
                RandomAccess.SetLength(handle, 0);
            state.MarkPrefix(Math.Min(length, file.Size));
        }

        state.Save();
        RandomAccess.SetLength(handle, file.Size);
        progress.SetDone(state.DoneBytes());

        var completed = Enumerable.Range(0, state.Count).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        for (var chunk = 0; chunk < state.Count; chunk++)
        {
            if (state.IsDone(chunk))
                completed[chunk].SetResult();
        }

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var hashing = HashInOrderAsync(handle, state, completed, failed.Token);
        var retries = 0;
        try
        {
            var pending = Enumerable.Range(0, state.Count).Where(c => !state.IsDone(c));
            var options = new ParallelOptions { MaxDegreeOfParallelism = settings.ConnectionsPerFile, CancellationToken = failed.Token };
            await Parallel.ForEachAsync(pending, options, async (chunk, token) =>
            {
                var buffer = ArrayPool<byte>.Shared.Rent(settings.BufferSize);
                try
                {
                    var target = new ChunkTarget(handle, state, chunk, progress);
                    Interlocked.Add(ref retries, await fetcher.FillAsync(target, buffer, token));
                    state.Record(chunk, state.EndOf(chunk));
                    completed[chunk].SetResult();
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            });
        }
        catch (Exception e)
        {
            await failed.CancelAsync();
            await Task.WhenAny(hashing);
            if (e is RangeNotSupportedException)
            {
                // Going sequential: what it may keep is the complete prefix, without the holes.
                RandomAccess.SetLength(handle, state.ContiguousPrefix());
                state.Delete();
            }

            throw;
        }

        return (await hashing, retries);
    }

    private async Task<string> HashInOrderAsync(SafeFileHandle handle, ChunkState state, TaskCompletionSource[] completed, CancellationToken ct)
    {
        using var hasher = ContentHasher.For(file);
        var buffer = ArrayPool<byte>.Shared.Rent(settings.BufferSize);
        try
        {
            for (var chunk = 0; chunk < state.Count; chunk++)
            {
                await completed[chunk].Task.WaitAsync(ct);
                for (var offset = state.StartOf(chunk); offset < state.EndOf(chunk);)
                {
                    var want = (int)Math.Min(buffer.Length, state.EndOf(chunk) - offset);
                    var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, want), offset, ct);
                    if (read == 0)
                        throw new IOException($"{file.Path}: the partial file is shorter than expected.");
                    hasher.Append(buffer.AsSpan(0, read));
                    offset += read;
                }
            }

            return hasher.FinishHex();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
