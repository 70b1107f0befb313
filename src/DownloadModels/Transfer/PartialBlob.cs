using System.Buffers;
using DownloadModels.Repos;

namespace DownloadModels.Transfer;

/// <summary>
/// The partial file of one blob and the hash of exactly the bytes it holds, kept in step: every byte is
/// written and hashed together, so an interrupted download can always continue from <see cref="Position"/>.
/// </summary>
internal sealed class PartialBlob : IRangeTarget, IAsyncDisposable
{
    private readonly FileStream _stream;
    private readonly FileProgress _progress;

    private PartialBlob(string path, RepoFile file, FileProgress progress)
    {
        Path = path;
        File = file;
        _progress = progress;
        Hasher = ContentHasher.For(file);
        _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
    }

    public string Path { get; }
    public RepoFile File { get; }
    public ContentHasher Hasher { get; }
    public long Position => _stream.Position;
    public bool IsComplete => Position == File.Size;
    public long End => File.Size;
    public bool IsWholeFile => true;
    public bool OpenEnded => true;

    /// <summary>
    /// Opens the partial file left by an earlier run (Ctrl+C, kill -9, lost network) and hashes what it
    /// holds, so the download continues from there. A partial longer than the file cannot be right and is dropped.
    /// </summary>
    public static async Task<PartialBlob> OpenAsync(string path, RepoFile file, FileProgress progress, int bufferSize, CancellationToken ct)
    {
        var partial = new PartialBlob(path, file, progress);
        if (partial._stream.Length > file.Size)
            partial._stream.SetLength(0);
        if (partial._stream.Length > 0)
        {
            var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(bufferSize, partial._stream.Length));
            try
            {
                int read;
                while ((read = await partial._stream.ReadAsync(buffer, ct)) > 0)
                    partial.Hasher.Append(buffer.AsSpan(0, read));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        progress.SetDone(partial.Position);
        return partial;
    }

    public ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        // A write into the page cache takes microseconds: done here, as RangeTarget does, rather than by a
        // thread-pool hop per socket read (a synchronous FileStream's WriteAsync queues one).
        _stream.Write(data.Span);
        Hasher.Append(data.Span);
        _progress.Received(data.Length);
        return ValueTask.CompletedTask;
    }

    /// <summary>Drops everything and starts from byte zero (a 200 to a Range request, a bad hash).</summary>
    public void Restart()
    {
        _stream.SetLength(0);
        _stream.Position = 0;
        Hasher.Reset();
        _progress.SetDone(0);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        Hasher.Dispose();
    }
}
