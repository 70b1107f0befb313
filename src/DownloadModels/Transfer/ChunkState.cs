using System.Globalization;
using DownloadModels.Cache;

namespace DownloadModels.Transfer;

/// <summary>
/// The sidecar <c>{blob}.incomplete.chunks</c> that records how far each chunk of a preallocated partial
/// file has been written, so an interrupted parallel download (Ctrl+C, kill -9) keeps every finished chunk
/// and most of the ones in flight, not just a prefix (aria2c's .aria2 file plays the same part). An offset
/// is recorded only after its bytes were written; the final hash still judges the whole file.
/// </summary>
internal sealed class ChunkState(string path, long size, long chunkSize)
{
    /// <summary>
    /// How often the offsets of chunks in flight reach the sidecar: a kill -9 loses at most what the
    /// connections wrote in this long. One small atomic rename per period, whatever the speed.
    /// </summary>
    public const long FlushIntervalMs = 100;

    private const string Header = "download-models chunks v1";
    private readonly object _gate = new();
    private long _lastFlush = Environment.TickCount64;
    private readonly long[] _reached = Enumerable.Range(0, (int)((size + chunkSize - 1) / chunkSize)).Select(c => c * chunkSize).ToArray();

    public int Count => _reached.Length;
    public long ChunkSize { get; } = chunkSize;

    public static string PathFor(string partialPath) => partialPath + ".chunks";

    public long StartOf(int chunk) => chunk * ChunkSize;
    public long EndOf(int chunk) => Math.Min(size, (chunk + 1) * ChunkSize);
    public long ReachedOf(int chunk) => Volatile.Read(ref _reached[chunk]);
    public bool IsDone(int chunk) => ReachedOf(chunk) == EndOf(chunk);

    /// <summary>Reads the sidecar; what it does not vouch for stays pending. A sidecar for another size or chunk size is ignored.</summary>
    public bool TryLoad()
    {
        if (!File.Exists(path))
            return false;
        var lines = File.ReadAllLines(path);
        if (lines.Length < 4 || lines[0] != Header || lines[1] != $"size {Invariant(size)}" || lines[2] != $"chunk {Invariant(ChunkSize)}")
            return false;
        foreach (var item in Items(lines[3], "done "))
        {
            if (int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var chunk) && chunk < Count)
                _reached[chunk] = EndOf(chunk);
        }

        foreach (var item in lines.Length > 4 ? Items(lines[4], "reached ") : [])
        {
            var parts = item.Split(':');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var chunk) && chunk < Count
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset) && offset > StartOf(chunk) && offset < EndOf(chunk))
                _reached[chunk] = Math.Max(_reached[chunk], offset);
        }

        return true;
    }

    /// <summary>A plain partial (a prefix, as the sequential path and other clients leave it) counts as written up to its length.</summary>
    public void MarkPrefix(long length)
    {
        for (var chunk = 0; chunk < Count && StartOf(chunk) < length; chunk++)
            _reached[chunk] = Math.Min(EndOf(chunk), length);
    }

    /// <summary>Records that a chunk is written up to <paramref name="offset"/> (its end when complete), on disk at once.</summary>
    public void Record(int chunk, long offset)
    {
        lock (_gate)
        {
            Volatile.Write(ref _reached[chunk], offset);
            Save();
        }
    }

    /// <summary>Notes, after the bytes were written, how far a chunk is; the sidecar follows every <see cref="FlushIntervalMs"/>.</summary>
    public void Advance(int chunk, long offset)
    {
        Volatile.Write(ref _reached[chunk], offset);
        if (Environment.TickCount64 - Volatile.Read(ref _lastFlush) < FlushIntervalMs)
            return;
        lock (_gate)
        {
            if (Environment.TickCount64 - _lastFlush < FlushIntervalMs)
                return;
            Save();
        }
    }

    /// <summary>
    /// Writes the sidecar. It must exist before the partial file is grown to full length: a full-length
    /// partial without one is taken for a complete sequential download.
    /// </summary>
    public void Save()
    {
        lock (_gate)
        {
            var chunks = Enumerable.Range(0, Count).ToArray();
            var done = string.Join(',', chunks.Where(IsDone).Select(c => Invariant(c)));
            var reached = string.Join(',', chunks.Where(c => !IsDone(c) && ReachedOf(c) > StartOf(c)).Select(c => $"{Invariant(c)}:{Invariant(ReachedOf(c))}"));
            AtomicFile.WriteAllText(path, $"{Header}\nsize {Invariant(size)}\nchunk {Invariant(ChunkSize)}\ndone {done}\nreached {reached}\n");
            Volatile.Write(ref _lastFlush, Environment.TickCount64);
        }
    }

    /// <summary>Bytes from the file's start that are complete: what a sequential download may keep.</summary>
    public long ContiguousPrefix()
    {
        var prefix = 0L;
        for (var chunk = 0; chunk < Count && prefix == StartOf(chunk); chunk++)
            prefix = ReachedOf(chunk);
        return prefix;
    }

    public long DoneBytes() => Enumerable.Range(0, Count).Sum(c => ReachedOf(c) - StartOf(c));

    public void Delete() => File.Delete(path);

    private static IEnumerable<string> Items(string line, string prefix) =>
        line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
