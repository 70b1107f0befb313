using DownloadModels.Hub;

namespace DownloadModels.Transfer;

/// <summary>
/// Knobs of the byte mover; the defaults are what the CLI uses. Files of at least
/// <see cref="ParallelThreshold"/> bytes are fetched as <see cref="ChunkSize"/> ranges over up to
/// <see cref="ConnectionsPerFile"/> connections: one connection to the Hub's CDN carries 40-60 MB/s,
/// several on the same file carry many times that. <see cref="MaxConnections"/> caps them across files.
/// </summary>
internal sealed record TransferSettings(
    RetryPolicy Retry,
    int ConnectionsPerFile = TransferSettings.DefaultConnectionsPerFile,
    long ChunkSize = TransferSettings.DefaultChunkSize,
    int MaxConnections = TransferSettings.DefaultMaxConnections,
    int BufferSize = 256 * 1024)
{
    /// <summary>How files stored in Xet travel (--transport).</summary>
    public TransportMode Transport { get; init; } = TransportMode.Auto;

    /// <summary>Whether the Xet path copies chunks the cache already holds instead of fetching them (--no-chunk-reuse turns it off).</summary>
    public bool ChunkReuse { get; init; } = true;

    public const int DefaultConnectionsPerFile = 8;
    public const long DefaultChunkSize = 32L * 1024 * 1024;
    public const int DefaultMaxConnections = 16;

    /// <summary>
    /// No range is split into pieces below this: a piece costs a request (a round trip of idle connection),
    /// which 4 MiB at a CDN's 40-60 MB/s per connection keeps under a few percent.
    /// </summary>
    public const long MaxStealFloor = 4L * 1024 * 1024;

    /// <summary>A mismatching hash discards the bytes and tries once more from zero, then fails the file.</summary>
    public const int VerificationAttempts = 2;

    /// <summary>How often to look again for a lock another process holds on a blob.</summary>
    public static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>A wait for a blob's lock is mentioned only once it lasts this long (another process, not a twin file of this run).</summary>
    public static readonly TimeSpan LockNoticeAfter = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The smallest piece work stealing and the shrinking last round cut: a few MiB, and never below a chunk
    /// (with chunks of a few MiB every connection already ends within one small piece of the others).
    /// </summary>
    public long StealFloor => Math.Min(MaxStealFloor, ChunkSize);

    /// <summary>Below two chunks, splitting a file buys nothing but requests.</summary>
    public long ParallelThreshold => 2 * ChunkSize;

    public bool UsesRanges(long size) => ConnectionsPerFile > 1 && size >= ParallelThreshold;
}
