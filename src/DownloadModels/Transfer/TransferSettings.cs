using DownloadModels.Hub;

namespace DownloadModels.Transfer;

/// <summary>
/// Knobs of the byte mover; the defaults are what the CLI uses. A file of at least <see cref="MinRangedFileSize"/>
/// starts as one request; more connections join it (taking ranges of at most <see cref="RangeSize"/> not asked
/// for yet, or splitting a range in flight) while that pays (see <see cref="SplitPolicy"/>) and the run's
/// <see cref="ConcurrencyController"/> has a slot. <see cref="ConnectionsPerFile"/> (--connections) caps the
/// connections of one file (null: no cap of its own, so the last large file can use them all);
/// <see cref="MaxConnections"/> (--max-connections) caps the controller (null: <see cref="DefaultMaxConnections"/>).
/// </summary>
internal sealed record TransferSettings(
    RetryPolicy Retry,
    int? ConnectionsPerFile = null,
    long RangeSize = TransferSettings.DefaultRangeSize,
    int? MaxConnections = null,
    int BufferSize = 256 * 1024)
{
    /// <summary>How files stored in Xet travel (--transport).</summary>
    public TransportMode Transport { get; init; } = TransportMode.Auto;

    /// <summary>Whether the Xet path copies chunks the cache already holds instead of fetching them (--no-chunk-reuse turns it off).</summary>
    public bool ChunkReuse { get; init; } = true;

    public const long DefaultRangeSize = 32L * 1024 * 1024;

    /// <summary>The controller's ceiling when --max-connections is not given (xet-core adapts between 4 and 64 too).</summary>
    public const int DefaultMaxConnections = 64;

    /// <summary>Where the controller starts: the fixed cap of earlier versions, which loopback and small files are tuned for.</summary>
    public const int InitialConnectionsDefault = 16;

    /// <summary>Connections the Xet path's reconstruction of one file fetches with at once (the fixed --connections default of earlier versions).</summary>
    public const int DefaultPendingConnections = 8;

    /// <summary>
    /// Connections a large file takes for its ranges not asked for yet before a <see cref="ConnectionProbe"/> shows that
    /// more pay the run (a paced link: 1, 8, 16 … one judging window apart). Earlier versions took 8 at once, which on a
    /// CPU-bound loopback made the default model set 5-8% slower than one connection per file (2 at first: 2-3%).
    /// </summary>
    public const int StartingFileConnections = 1;

    /// <summary>The controller never goes below this after push-back (unless the cap is lower).</summary>
    public const int MinConnections = 2;

    /// <summary>A MiB (aria2c's -k1M): files and ranges of two of them may be split.</summary>
    public const long MinStealFloor = 1024 * 1024;

    /// <summary>
    /// The smallest piece a split leaves, on a link so slow that one connection carries less than this in
    /// <see cref="SplitPolicy.FloorTime"/> (under 3.4 MB/s); on faster links the floor is what it carries then
    /// (500 kB at 5 MB/s). Only a range asked for as at least <see cref="SplitPolicy.MinSplitLeft"/> is split, so a
    /// --chunk-size 1 range is never cut, whatever a loaded machine makes loopback look like.
    /// </summary>
    public const long MinSplitFloor = 512 * 1024;

    /// <summary>
    /// Files below this are one plain stream each, never split (under half a second at 5 MB/s a connection). A
    /// file of this size or more starts as a stream too (the same request, a plain prefix for a partial, no
    /// sidecar) and is split only when that pays.
    /// </summary>
    public const long MinRangedFileSize = 2 * MinStealFloor;

    /// <summary>
    /// No split leaves a half above this floor's need: on a fast connection a range costs a request (a round trip
    /// of idle connection), which 4 MiB at a CDN's 40-60 MB/s per connection keeps under a few percent.
    /// </summary>
    public const long MaxStealFloor = 4L * 1024 * 1024;

    /// <summary>A mismatching hash discards the bytes and tries once more from zero, then fails the file.</summary>
    public const int VerificationAttempts = 2;

    /// <summary>How often to look again for a lock another process holds on a blob.</summary>
    public static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>A wait for a blob's lock is mentioned only once it lasts this long (another process, not a twin file of this run).</summary>
    public static readonly TimeSpan LockNoticeAfter = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The largest floor work stealing and the shrinking last round use: a few MiB, and never above a range
    /// (with ranges of a few MiB every connection already ends within one small range of the others). On a
    /// slow connection the floor is lower (what it carries in <see cref="SplitPolicy.FloorTime"/>), down to <see cref="SplitFloor"/>.
    /// </summary>
    public long StealFloor => Math.Min(MaxStealFloor, RangeSize);

    /// <summary>Files of at least two full ranges are "large" for --jobs: they may keep many connections busy at once.</summary>
    public long ParallelThreshold => 2 * RangeSize;

    /// <summary>The controller's ceiling.</summary>
    public int ConnectionCap => MaxConnections ?? DefaultMaxConnections;

    /// <summary>The controller's starting point.</summary>
    public int InitialConnections => Math.Min(InitialConnectionsDefault, ConnectionCap);

    /// <summary>Connections one file may use: --connections, else as many as the controller gives.</summary>
    public int FileConnectionCap => ConnectionsPerFile ?? ConnectionCap;

    /// <summary>
    /// Connections a file takes for ranges not asked for yet, before any split is shown to pay: --connections, else
    /// <see cref="StartingFileConnections"/>. More join only for splits that pay.
    /// </summary>
    public int PendingConnectionCap => ConnectionsPerFile ?? Math.Min(StartingFileConnections, ConnectionCap);

    /// <summary>Whether a file is fetched through ranges (one at first, more when they pay), rather than as one plain stream.</summary>
    public bool UsesRanges(long size) => FileConnectionCap > 1 && size >= MinRangedFileSize;

    /// <summary>The smallest piece a split may leave, whatever the rate: never above <see cref="StealFloor"/>.</summary>
    public long SplitFloor => Math.Min(MinSplitFloor, StealFloor);
}
