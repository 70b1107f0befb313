namespace DownloadModels.Transfer;

/// <summary>
/// Where fetched bytes go: the whole partial file (sequential, open-ended range) or one chunk of it
/// (a bounded range written in place). <see cref="RangeFetcher"/> fills a target from its position to its end.
/// </summary>
internal interface IRangeTarget
{
    /// <summary>The next absolute byte offset to fetch.</summary>
    long Position { get; }

    /// <summary>The exclusive end offset.</summary>
    long End { get; }

    /// <summary>True for the whole file: a server that ignores Range can still be used from byte zero.</summary>
    bool IsWholeFile { get; }

    ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken ct);

    /// <summary>Drops what this target holds and starts it over.</summary>
    void Restart();
}
