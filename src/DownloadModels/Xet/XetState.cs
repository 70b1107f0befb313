using System.Globalization;
using System.Text;

namespace DownloadModels.Xet;

/// <summary>
/// The sidecar <c>{blob}.incomplete.xet</c> of a file coming from the Xet store: which whole chunks of the partial
/// file are written, each as its file offset and decompressed length. A chunk is recorded only after its bytes were
/// written; lines are appended (a killed run leaves at most a cut last line, which is ignored), so an interrupted
/// download keeps every chunk it recorded and the next run asks the CAS for the missing spans only. The chunk
/// lengths also give the boundaries the final xet-hash check needs. Bytes copied from the cache whose chunks are known
/// only together (chunk reuse from a map learnt from a reconstruction) are a span: written, but without boundaries.
/// <code>
/// download-models xet v1
/// file {xet hash} {size}
/// {offset} {length},{length},...   (chunks one after the other from offset)
/// s {offset} {length}               (a span of several chunks, boundaries unknown)
/// </code>
/// </summary>
internal sealed class XetState : IDisposable
{
    public const string Suffix = ".xet";
    private const string Header = "download-models xet v1";

    /// <summary>How often recorded chunks reach the sidecar: a kill -9 loses at most what arrived in this long.</summary>
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly Dictionary<long, int> _chunks = [];
    private readonly Dictionary<long, long> _spans = [];
    private readonly List<(long Offset, int Length)> _pending = [];
    private readonly List<(long Offset, long Length)> _pendingSpans = [];
    private readonly string _path;
    private readonly long _size;
    private FileStream? _log;
    private long _lastFlush = Environment.TickCount64;

    private XetState(string path, long size)
    {
        _path = path;
        _size = size;
    }

    public static string PathFor(string partialPath) => partialPath + Suffix;

    /// <summary>Bytes of the file in recorded chunks.</summary>
    public long Covered { get; private set; }

    public long Size => _size;

    /// <summary>
    /// The record of an earlier run for this file, or an empty one. A record of another file or size, or one that
    /// contradicts itself, is dropped with the partial file it describes (nothing in it can be trusted).
    /// </summary>
    public static XetState Open(string partialPath, string xetHash, long size)
    {
        var path = PathFor(partialPath);
        var state = new XetState(path, size);
        if (!state.TryLoad(xetHash))
        {
            File.Delete(partialPath);
            state._chunks.Clear();
            state._spans.Clear();
            state.Covered = 0;
            File.Delete(path);
        }

        state._log = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        if (state._log.Length == 0)
        {
            var header = Encoding.ASCII.GetBytes($"{Header}\nfile {xetHash} {size.ToString(CultureInfo.InvariantCulture)}\n");
            state._log.Write(header);
            state._log.Flush();
        }

        return state;
    }

    /// <summary>Whether a sidecar exists for this partial file (any file, any size).</summary>
    public static bool ExistsFor(string partialPath) => File.Exists(PathFor(partialPath));

    public static void DeleteFor(string partialPath) => File.Delete(PathFor(partialPath));

    /// <summary>
    /// The byte ranges (start, end exclusive) a sidecar vouches for, whatever file it names, for a transport that
    /// does not care about chunks; empty when there is none or it cannot be read.
    /// </summary>
    public static List<(long Start, long End)> WrittenRanges(string partialPath)
    {
        try
        {
            var lines = ReadCompleteLines(PathFor(partialPath));
            if (lines.Count < 2 || lines[0] != Header || lines[1].Split(' ') is not ["file", _, var sizeText]
                || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                return [];
            var state = new XetState(PathFor(partialPath), size);
            return state.LoadChunks(lines) ? state.Spans(written: true) : [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    public bool Has(long offset, int length)
    {
        lock (_gate)
            return _chunks.TryGetValue(offset, out var known) && known == length;
    }

    /// <summary>Records a written chunk; reaches the sidecar within <see cref="FlushInterval"/>.</summary>
    public void Add(long offset, int length)
    {
        lock (_gate)
        {
            if (!_chunks.TryAdd(offset, length))
                return;
            Covered += length;
            _pending.Add((offset, length));
            if (Environment.TickCount64 - _lastFlush >= FlushInterval.TotalMilliseconds)
                FlushLocked();
        }
    }

    /// <summary>Records written bytes of several chunks whose boundaries are not known; reaches the sidecar with the chunks.</summary>
    public void AddSpan(long offset, long length)
    {
        lock (_gate)
        {
            if (!_spans.TryAdd(offset, length))
                return;
            Covered += length;
            _pendingSpans.Add((offset, length));
            if (Environment.TickCount64 - _lastFlush >= FlushInterval.TotalMilliseconds)
                FlushLocked();
        }
    }

    /// <summary>Forgets chunks in [start, end) (a term whose chunks did not add up): they are fetched again.</summary>
    public void Forget(long start, long end)
    {
        lock (_gate)
        {
            FlushLocked();
            foreach (var offset in _chunks.Keys.Where(o => o >= start && o < end).ToArray())
            {
                Covered -= _chunks[offset];
                _chunks.Remove(offset);
            }

            // The log only grows, so the forgotten chunks are taken out by rewriting it.
            _log!.SetLength(0);
            var text = new StringBuilder(FirstLines());
            foreach (var (offset, length) in _chunks.OrderBy(c => c.Key))
                text.Append(CultureInfo.InvariantCulture, $"{offset} {length}\n");
            foreach (var (offset, length) in _spans.OrderBy(c => c.Key))
                text.Append(CultureInfo.InvariantCulture, $"s {offset} {length}\n");
            _log.Write(Encoding.ASCII.GetBytes(text.ToString()));
            _log.Flush();
        }
    }

    public void Flush()
    {
        lock (_gate)
            FlushLocked();
    }

    /// <summary>The spans of the file not yet in a recorded chunk (start, end exclusive), in order.</summary>
    public List<(long Start, long End)> Missing()
    {
        lock (_gate)
            return Spans(written: false);
    }

    /// <summary>
    /// Every chunk and span (offset, length, whether its chunk boundaries are unknown) in file order; complete when they
    /// tile the whole file.
    /// </summary>
    public List<(long Offset, long Length, bool Span)> Pieces()
    {
        lock (_gate)
            return PiecesUnlocked();
    }

    private List<(long Offset, long Length, bool Span)> PiecesUnlocked() =>
        [.. _chunks.Select(c => (c.Key, (long)c.Value, false)).Concat(_spans.Select(s => (s.Key, s.Value, true))).OrderBy(c => c.Item1)];

    public void Dispose()
    {
        lock (_gate)
        {
            if (_log is null)
                return;
            FlushLocked();
            _log.Dispose();
            _log = null;
        }
    }

    private string _header = "";

    private string FirstLines() => _header;

    private void FlushLocked()
    {
        _lastFlush = Environment.TickCount64;
        if ((_pending.Count == 0 && _pendingSpans.Count == 0) || _log is null)
            return;
        var text = new StringBuilder();
        foreach (var (offset, length) in _pendingSpans)
            text.Append(CultureInfo.InvariantCulture, $"s {offset} {length}\n");
        _pendingSpans.Clear();
        // Chunks that follow one another share a line.
        _pending.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        for (var i = 0; i < _pending.Count;)
        {
            var (start, length) = _pending[i];
            text.Append(start.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(length.ToString(CultureInfo.InvariantCulture));
            var next = start + length;
            for (i++; i < _pending.Count && _pending[i].Offset == next; i++)
            {
                text.Append(',').Append(_pending[i].Length.ToString(CultureInfo.InvariantCulture));
                next += _pending[i].Length;
            }

            text.Append('\n');
        }

        _pending.Clear();
        _log.Write(Encoding.ASCII.GetBytes(text.ToString()));
        _log.Flush();
    }

    private bool TryLoad(string xetHash)
    {
        _header = $"{Header}\nfile {xetHash} {_size.ToString(CultureInfo.InvariantCulture)}\n";
        List<string> lines;
        try
        {
            lines = ReadCompleteLines(_path);
        }
        catch (IOException)
        {
            return false;
        }

        if (lines.Count == 0)
            return false;
        if (lines.Count < 2 || lines[0] != Header || lines[1] != $"file {xetHash} {_size.ToString(CultureInfo.InvariantCulture)}")
            return false;
        if (!LoadChunks(lines))
            return false;
        // A line cut by a kill is dropped from the file too, so the next line starts on its own.
        var keep = Encoding.ASCII.GetByteCount(string.Concat(lines.Select(l => l + "\n")));
        using (var file = new FileStream(_path, FileMode.Open, FileAccess.Write))
            file.SetLength(keep);
        return true;
    }

    private bool LoadChunks(List<string> lines)
    {
        foreach (var line in lines.Skip(2))
        {
            var parts = line.Split(' ');
            if (parts is ["s", var spanOffsetText, var spanLengthText])
            {
                if (!long.TryParse(spanOffsetText, NumberStyles.None, CultureInfo.InvariantCulture, out var spanOffset)
                    || !long.TryParse(spanLengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var spanLength)
                    || spanLength <= 0 || spanOffset + spanLength > _size)
                    return false;
                if (_spans.TryGetValue(spanOffset, out var knownSpan))
                {
                    if (knownSpan != spanLength)
                        return false;
                }
                else
                {
                    _spans[spanOffset] = spanLength;
                    Covered += spanLength;
                }

                continue;
            }

            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
                return false;
            foreach (var lengthText in parts[1].Split(','))
            {
                if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                    || length is <= 0 or > ChunkHeader.MaxUncompressed || offset + length > _size)
                    return false;
                if (_chunks.TryGetValue(offset, out var known))
                {
                    if (known != length)
                        return false;
                }
                else
                {
                    _chunks[offset] = length;
                    Covered += length;
                }

                offset += length;
            }
        }

        // Chunks that overlap cannot both be right.
        long end = 0;
        foreach (var (offset, length, _) in PiecesUnlocked())
        {
            if (offset < end)
                return false;
            end = offset + length;
        }

        return true;
    }

    private List<(long Start, long End)> Spans(bool written)
    {
        var spans = new List<(long, long)>();
        long at = 0;
        foreach (var (offset, length, _) in PiecesUnlocked())
        {
            if (offset > at && !written)
                spans.Add((at, offset));
            if (written)
            {
                if (spans.Count > 0 && spans[^1].Item2 == offset)
                    spans[^1] = (spans[^1].Item1, offset + length);
                else
                    spans.Add((offset, offset + length));
            }

            at = offset + length;
        }

        if (!written && at < _size)
            spans.Add((at, _size));
        return spans;
    }

    private static List<string> ReadCompleteLines(string path)
    {
        if (!File.Exists(path))
            return [];
        var text = File.ReadAllText(path, Encoding.ASCII);
        var cut = text.LastIndexOf('\n');
        return cut < 0 ? [] : [.. text[..cut].Split('\n')];
    }
}
