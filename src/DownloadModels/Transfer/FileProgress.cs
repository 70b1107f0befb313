namespace DownloadModels.Transfer;

/// <summary>
/// Live counters for one file, written by the downloader and read by the progress view on its own
/// timer: the hot path only adds to a long, it never formats or prints.
/// </summary>
internal sealed class FileProgress(string model, string path, long total)
{
    private long _done;
    private long _fetched;
    private long _reused;

    public string Model { get; } = model;
    public string Path { get; } = path;
    public long Total { get; } = total;

    /// <summary>Bytes of the file verified or on disk so far (including a resumed prefix).</summary>
    public long Done => Volatile.Read(ref _done);

    /// <summary>Bytes received over the network during this run (what speed is computed from).</summary>
    public long Fetched => Volatile.Read(ref _fetched);

    /// <summary>Bytes copied from chunks the cache already held (Xet chunk reuse) during this run: in place, never fetched.</summary>
    public long Reused => Volatile.Read(ref _reused);

    public void Received(int count)
    {
        Interlocked.Add(ref _done, count);
        Interlocked.Add(ref _fetched, count);
    }

    /// <summary>Bytes of the file written that did not arrive as such (the Xet path: decompressed chunks).</summary>
    public void Wrote(long count) => Interlocked.Add(ref _done, count);

    /// <summary>Bytes of the file copied from a blob the cache holds (the Xet path's chunk reuse).</summary>
    public void Copied(long count)
    {
        Interlocked.Add(ref _done, count);
        Interlocked.Add(ref _reused, count);
    }

    /// <summary>Bytes that crossed the network without being file bytes one for one (the Xet path: compressed xorb ranges).</summary>
    public void Transferred(long count) => Interlocked.Add(ref _fetched, count);

    /// <summary>Takes back bytes of a range that restarts (other ranges keep adding meanwhile).</summary>
    public void Rewind(long bytes) => Interlocked.Add(ref _done, -bytes);

    /// <summary>Sets the on-disk position, e.g. after a resumed prefix was hashed or a restart from zero.</summary>
    public void SetDone(long bytes) => Interlocked.Exchange(ref _done, bytes);
}
