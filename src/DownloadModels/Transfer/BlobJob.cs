using DownloadModels.Cache;
using DownloadModels.Repos;

namespace DownloadModels.Transfer;

/// <summary>
/// One file to bring into its destination: where it lives on the Hub, where it goes (<see cref="Repo"/>, the
/// cache or a local dir), and the lock held while it is written. With <see cref="Commit"/> the file is placed
/// for that commit (linked, or its metadata written) before the lock is released, so a cleanup that takes the
/// same lock never sees it half done. <see cref="Refetch"/> (--force-download) fetches and verifies it again
/// even when the destination already holds it.
/// </summary>
internal sealed record BlobJob(IRepoDestination Repo, RepoFile File, Uri ResolveUrl, string LockPath)
{
    public string? Commit { get; init; }

    public bool Refetch { get; init; }
}

/// <summary>
/// What happened to one file: found in the cache, or fetched (and how much was resumed). <see cref="BytesFetched"/>
/// is what crossed the network: file bytes over HTTP, compressed xorb bytes over Xet.
/// </summary>
internal sealed record BlobResult(bool WasCached, long BytesFetched, long BytesResumed, int Retries)
{
    /// <summary>Which transport carried the file (none when it was already there).</summary>
    public BlobTransport Transport { get; init; } = BlobTransport.None;

    /// <summary>Bytes copied from chunks the cache already held (Xet chunk reuse) instead of fetched.</summary>
    public long BytesReused { get; init; }
}

/// <summary>The transport that carried one file.</summary>
internal enum BlobTransport
{
    None,
    Http,
    Xet,
}
