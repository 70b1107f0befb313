namespace DownloadModels.Transfer;

/// <summary>
/// Hands out the ranges of one chunked download to its connections so that all of them stay busy to the
/// end. The pieces tile the file in order. A free connection takes the lowest range nobody has taken yet,
/// sized so the last round is small (a share of what is left, between the steal floor and the chunk size);
/// when nothing is left to take, it splits the largest range still in flight and takes its second half
/// (work stealing, as aria2c does), as long as both halves keep at least the floor. The owner of the split
/// range sees its end move down and stops there.
/// <para>
/// It also tells the hasher how far the file is written without a hole, and keeps every byte the hasher
/// has read from being written again, so the hash is always of the bytes that end up in the file.
/// </para>
/// </summary>
internal sealed class RangeScheduler
{
    private readonly Lock _gate = new();
    private readonly List<RangePiece> _pieces = [];
    private readonly long _size;
    private readonly long _chunkSize;
    private readonly long _floor;
    private readonly int _workers;
    private long _pendingBytes;
    private long _hashReserved;
    private bool _hasherWaiting;
    private long _hasherAt;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="written">Ranges already on disk (coalesced), e.g. from the sidecar.</param>
    /// <param name="floor">A steal never leaves a piece smaller than this; pieces taken are at least this long too, but for a gap shorter than it and the last two of a gap, which may share a rest (three quarters of the floor at least).</param>
    /// <param name="workers">Connections sharing the file: the last round is cut into this many shares.</param>
    public RangeScheduler(long size, IReadOnlyList<ByteRange> written, long chunkSize, long floor, int workers)
    {
        _size = size;
        _chunkSize = Math.Max(1, chunkSize);
        _floor = Math.Clamp(floor, 1, _chunkSize);
        _workers = Math.Max(1, workers);
        var at = 0L;
        foreach (var range in written)
        {
            AddPending(at, range.Start);
            _pieces.Add(new RangePiece(range.Start, range.End, PieceState.Done));
            at = range.End;
        }

        AddPending(at, size);
    }

    /// <summary>Bytes written so far (what a resumed run starts with, and what progress counts from).</summary>
    public long WrittenBytes()
    {
        lock (_gate)
            return _pieces.Sum(p => p.Position - p.Start);
    }

    /// <summary>How many ranges have been handed out by splitting another: for logs and tests.</summary>
    public int Steals { get; private set; }

    /// <summary>The next range for a free connection, or null when every remaining range is too small to share.</summary>
    public RangePiece? TryTake()
    {
        lock (_gate)
            return TakePending() ?? Steal();
    }

    /// <summary>
    /// Before a write of <paramref name="count"/> bytes at the piece's position: how many of them still belong
    /// to it (fewer when a steal moved its end down). A steal never splits below the bytes claimed here.
    /// </summary>
    public int Claim(RangePiece piece, int count)
    {
        lock (_gate)
        {
            var allowed = (int)Math.Clamp(piece.End - piece.Position, 0, count);
            piece.Claimed = piece.Position + allowed;
            return allowed;
        }
    }

    /// <summary>
    /// The hasher waits until this much more is written where it stands (or that range ends): a wake-up per
    /// socket read would cost more than the hashing.
    /// </summary>
    public const int HashBatch = 1024 * 1024;

    /// <summary>After a claimed write: the bytes are on disk.</summary>
    public void Advance(RangePiece piece, int count)
    {
        TaskCompletionSource? wake = null;
        lock (_gate)
        {
            piece.Position += count;
            piece.Claimed = piece.Position;
            // Only the range the hasher stands in can let it go on; others it reaches later, from disk.
            if (_hasherWaiting && piece.Start <= _hasherAt && _hasherAt < piece.End
                && (piece.Position - _hasherAt >= HashBatch || piece.Position == piece.End))
            {
                _hasherWaiting = false;
                wake = _progress;
                _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        wake?.SetResult();
    }

    public void Complete(RangePiece piece)
    {
        lock (_gate)
            piece.State = PieceState.Done;
    }

    /// <summary>
    /// Starts a piece over after the server misbehaved, but never below what the hasher has read: those bytes
    /// stay as they were hashed. Returns how many bytes were given up.
    /// </summary>
    public long Restart(RangePiece piece)
    {
        lock (_gate)
        {
            var keep = Math.Clamp(_hashReserved, piece.Start, piece.Position);
            var rewound = piece.Position - keep;
            piece.Position = keep;
            piece.Claimed = keep;
            return rewound;
        }
    }

    /// <summary>The written ranges, coalesced: what the sidecar records.</summary>
    public IReadOnlyList<ByteRange> Written()
    {
        lock (_gate)
            return ByteRange.Coalesce(_pieces.Select(p => new ByteRange(p.Start, p.Position)));
    }

    public long ContiguousPrefix()
    {
        lock (_gate)
            return ContiguousEnd(0);
    }

    /// <summary>
    /// For the hasher: the end (at most <paramref name="max"/> bytes on) of the hole-free written run starting
    /// at <paramref name="from"/>. Bytes up to it are never written again. Equal to <paramref name="from"/> when
    /// nothing new is there; then <paramref name="progress"/> completes once <see cref="HashBatch"/> more bytes
    /// (or the rest of that range) are written there.
    /// </summary>
    public long ReserveForHashing(long from, long max, out Task progress)
    {
        lock (_gate)
        {
            var end = Math.Min(ContiguousEnd(from), from + max);
            _hashReserved = Math.Max(_hashReserved, end);
            _hasherWaiting = end == from;
            _hasherAt = from;
            progress = _progress.Task;
            return end;
        }
    }

    private RangePiece? TakePending()
    {
        var index = _pieces.FindIndex(p => p.State == PieceState.Pending);
        if (index < 0)
            return null;
        var piece = _pieces[index];
        // A share of what is left, so the last pieces are small and every connection ends at about the same time.
        var take = Math.Clamp((_pendingBytes + _workers - 1) / _workers, _floor, _chunkSize);
        var length = piece.End - piece.Start;
        // A rest below the floor goes along, unless that makes a piece half as long again as the others:
        // then the two share it (the last piece of all must not be the one that ends last).
        if (length - take < _floor)
            take = length > take + (take / 2) ? length / 2 : length;
        if (take < length)
        {
            _pieces.Insert(index + 1, new RangePiece(piece.Start + take, piece.End, PieceState.Pending));
            piece.End = piece.Start + take;
        }

        _pendingBytes -= piece.End - piece.Start;
        piece.State = PieceState.Active;
        return piece;
    }

    /// <summary>Splits the range in flight with the most left to fetch, when both halves keep at least the floor.</summary>
    private RangePiece? Steal()
    {
        var index = -1;
        var most = (2 * _floor) - 1;
        for (var i = 0; i < _pieces.Count; i++)
        {
            var p = _pieces[i];
            if (p.State == PieceState.Active && p.End - p.Claimed > most)
                (index, most) = (i, p.End - p.Claimed);
        }

        if (index < 0)
            return null;
        var victim = _pieces[index];
        var middle = victim.Claimed + most / 2;
        var stolen = new RangePiece(middle, victim.End, PieceState.Active);
        victim.End = middle;
        _pieces.Insert(index + 1, stolen);
        Steals++;
        return stolen;
    }

    private void AddPending(long start, long end)
    {
        if (end <= start)
            return;
        _pieces.Add(new RangePiece(start, end, PieceState.Pending));
        _pendingBytes += end - start;
    }

    /// <summary>Walks the tiling from the piece holding <paramref name="from"/> while pieces are complete.</summary>
    private long ContiguousEnd(long from)
    {
        var index = _pieces.FindIndex(p => p.End > from);
        if (index < 0)
            return _size;
        for (; index < _pieces.Count; index++)
        {
            var piece = _pieces[index];
            if (piece.Position < piece.End)
                return Math.Max(from, piece.Position);
        }

        return _size;
    }
}
