using System.Globalization;
using DownloadModels.Cache;

namespace DownloadModels.Transfer;

/// <summary>
/// The sidecar <c>{blob}.incomplete.chunks</c> that records which chunks of a preallocated partial file
/// are complete, so an interrupted parallel download keeps every finished chunk, not just a prefix
/// (aria2c's .aria2 file plays the same part). A chunk is recorded only after its bytes were written.
/// </summary>
internal sealed class ChunkState(string path, long size, long chunkSize)
{
    private const string Header = "download-models chunks v1";
    private readonly object _gate = new();
    private readonly bool[] _done = new bool[(int)((size + chunkSize - 1) / chunkSize)];

    public int Count => _done.Length;
    public long ChunkSize { get; } = chunkSize;

    public static string PathFor(string partialPath) => partialPath + ".chunks";

    public long StartOf(int chunk) => chunk * ChunkSize;
    public long EndOf(int chunk) => Math.Min(size, (chunk + 1) * ChunkSize);
    public bool IsDone(int chunk) => _done[chunk];

    /// <summary>Reads the sidecar; chunks it does not vouch for stay pending. A sidecar for another size or chunk size is ignored.</summary>
    public bool TryLoad()
    {
        if (!File.Exists(path))
            return false;
        var lines = File.ReadAllLines(path);
        if (lines.Length < 4 || lines[0] != Header || lines[1] != $"size {Invariant(size)}" || lines[2] != $"chunk {Invariant(ChunkSize)}")
            return false;
        foreach (var item in lines[3].Replace("done ", "", StringComparison.Ordinal).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var chunk) && chunk < _done.Length)
                _done[chunk] = true;
        }

        return true;
    }

    /// <summary>A plain partial (a prefix, as the sequential path and other clients leave it) counts its whole chunks as done.</summary>
    public void MarkPrefix(long length)
    {
        for (var chunk = 0; chunk < _done.Length && EndOf(chunk) <= length; chunk++)
            _done[chunk] = true;
    }

    public void MarkDone(int chunk)
    {
        lock (_gate)
        {
            _done[chunk] = true;
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
            var done = string.Join(',', Enumerable.Range(0, _done.Length).Where(i => _done[i]).Select(i => Invariant(i)));
            AtomicFile.WriteAllText(path, $"{Header}\nsize {Invariant(size)}\nchunk {Invariant(ChunkSize)}\ndone {done}\n");
        }
    }

    /// <summary>Bytes from the file's start that are complete: what a sequential download may keep.</summary>
    public long ContiguousPrefix() => Enumerable.Range(0, _done.Length).TakeWhile(i => _done[i]).Select(EndOf).DefaultIfEmpty(0).Max();

    public long DoneBytes() => Enumerable.Range(0, _done.Length).Where(i => _done[i]).Sum(i => EndOf(i) - StartOf(i));

    public void Delete() => File.Delete(path);

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
