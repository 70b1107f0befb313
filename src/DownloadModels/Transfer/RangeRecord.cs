using System.Globalization;
using DownloadModels.Cache;

namespace DownloadModels.Transfer;

/// <summary>
/// The sidecar <c>{blob}.incomplete.chunks</c>: which byte ranges of a preallocated partial file hold written
/// bytes, so an interrupted parallel download (Ctrl+C, kill -9) keeps every finished range and most of the
/// ones in flight, not just a prefix (aria2c's .aria2 file plays the same part). It records bytes, not a
/// chunk layout: ranges split by work stealing, a different --chunk-size or --connections next time, all
/// resume from the same record. A range is recorded only after its bytes were written; the final hash
/// still judges the whole file.
/// <code>
/// download-models chunks v2
/// size 470637416
/// written 0-33554432,67108864-70000000
/// </code>
/// (start-end, end exclusive). The v1 format of earlier versions (fixed chunks: done indices, reached offsets) is still read.
/// </summary>
internal sealed class RangeRecord(string path, long size)
{
    /// <summary>
    /// How often the ranges in flight reach the sidecar: a kill -9 loses at most what the connections wrote
    /// in this long. One small atomic rename per period, whatever the speed, none while nothing arrives.
    /// </summary>
    public const long FlushIntervalMs = 100;

    private const string Header = "download-models chunks v2";

    // ENOSPC and EDQUOT, as the runtime puts them in an IOException's HResult on Unix (see Errors/Errno).
    private const int NoSpace = 28;
    private const int QuotaExceeded = 122;
    private const string HeaderV1 = "download-models chunks v1";
    private readonly Lock _gate = new();

    public static string PathFor(string partialPath) => partialPath + ".chunks";

    /// <summary>The name the sidecar is written under before its rename (<c>{blob}.incomplete.chunks.tmp</c>).</summary>
    public static string TempPathFor(string sidecarPath) => sidecarPath + ".tmp";

    /// <summary>Removes the sidecar of <paramref name="partialPath"/> and any half-written copy a killed run left.</summary>
    public static void DeleteFor(string partialPath)
    {
        var sidecar = PathFor(partialPath);
        File.Delete(sidecar);
        File.Delete(TempPathFor(sidecar));
    }

    public bool Exists => File.Exists(path);

    /// <summary>
    /// The written ranges the sidecar vouches for (coalesced), or null when there is none or it belongs to
    /// another file size or format. Entries it cannot vouch for (malformed, out of bounds) are left out: they stay to fetch.
    /// </summary>
    public List<ByteRange>? TryLoad()
    {
        if (!File.Exists(path))
            return null;
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2 || lines[1] != $"size {Invariant(size)}")
            return null;
        if (lines[0] == Header)
            return ByteRange.Coalesce(Items(lines.Length > 2 ? lines[2] : "", "written ").Select(ParseRange).OfType<ByteRange>());
        return lines[0] == HeaderV1 ? LoadV1(lines) : null;
    }

    /// <summary>Writes the sidecar. It must exist before the partial file is grown to full length: a full-length partial without one is taken for a complete download.</summary>
    public void Save(IReadOnlyList<ByteRange> written) => Save(() => written);

    /// <summary>Saves what <paramref name="written"/> reports, asked under the sidecar's lock so an older picture never overwrites a newer one.</summary>
    public void Save(Func<IReadOnlyList<ByteRange>> written)
    {
        lock (_gate)
        {
            var text = string.Join(',', written().Select(r => $"{Invariant(r.Start)}-{Invariant(r.End)}"));
            var content = $"{Header}\nsize {Invariant(size)}\nwritten {text}\n";
            try
            {
                AtomicFile.WriteAllText(path, content, TempPathFor(path));
            }
            catch (IOException e) when (e.HResult is NoSpace or QuotaExceeded && File.Exists(path))
            {
                // A full disk has no block for the temporary copy, but the sidecar's own block is still there: a disk
                // that fills faster than the flush interval would otherwise keep only the first record (the bytes the
                // connections wrote since fetched again next time). Rewritten in place, it keeps them all; only a
                // crash in the middle of these few dozen bytes could tear it, and the final hash catches that.
                File.Delete(TempPathFor(path));
                RewriteInPlace(content);
            }
        }
    }

    private void RewriteInPlace(string content)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(content);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, bufferSize: 0);
        stream.Write(bytes);
        stream.SetLength(bytes.Length);
    }

    public void Delete()
    {
        File.Delete(path);
        File.Delete(TempPathFor(path));
    }

    private ByteRange? ParseRange(string item)
    {
        var parts = item.Split('-');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            && start < end && end <= size
                ? new ByteRange(start, end)
                : null;
    }

    /// <summary>v1: fixed chunks of the size on line 3, the indices of finished ones, and how far others got.</summary>
    private List<ByteRange>? LoadV1(string[] lines)
    {
        if (lines.Length < 4 || !lines[2].StartsWith("chunk ", StringComparison.Ordinal)
            || !long.TryParse(lines[2]["chunk ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var chunk) || chunk <= 0)
            return null;
        var ranges = new List<ByteRange>();
        foreach (var item in Items(lines[3], "done "))
        {
            if (long.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < (size + chunk - 1) / chunk)
                ranges.Add(new ByteRange(index * chunk, Math.Min(size, (index + 1) * chunk)));
        }

        foreach (var item in lines.Length > 4 ? Items(lines[4], "reached ") : [])
        {
            var parts = item.Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                && index < (size + chunk - 1) / chunk && offset > index * chunk && offset < Math.Min(size, (index + 1) * chunk))
                ranges.Add(new ByteRange(index * chunk, offset));
        }

        return ByteRange.Coalesce(ranges);
    }

    private static IEnumerable<string> Items(string line, string prefix) =>
        line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
