namespace DownloadModels.Transfer;

/// <summary>
/// Where fetched bytes go: the whole partial file (sequential, open-ended range) or one range of it
/// (a bounded range written in place). <see cref="RangeFetcher"/> fills a target from its position to its end.
/// </summary>
internal interface IRangeTarget
{
    /// <summary>The next absolute byte offset to fetch.</summary>
    long Position { get; }

    /// <summary>The exclusive end offset. A range's end may move down while it is fetched (work stealing).</summary>
    long End { get; }

    /// <summary>True for the whole file: a server that ignores Range can still be used from byte zero.</summary>
    bool IsWholeFile { get; }

    /// <summary>
    /// True when the request asks for the rest of the file (no <c>Range</c> header from byte zero, else
    /// <c>bytes=N-</c>), as a plain stream does; false for a bounded range (<c>bytes=N-M</c>).
    /// </summary>
    bool OpenEnded { get; }

    /// <summary>Writes the bytes that still belong to the target (all of them, unless its end moved down meanwhile).</summary>
    ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken ct);

    /// <summary>Drops what this target holds (as far as it safely can) and starts it over.</summary>
    void Restart();
}
