using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>
/// One file of a repo. <c>status</c>: <c>cached</c> (was there), <c>fetched</c> (downloaded and verified,
/// or for unpack: added from the bundle), <c>failed</c>, <c>skipped</c> (not attempted: the repo failed as a
/// whole); --dry-run: <c>cached</c> or <c>to_fetch</c>; verify: <c>ok</c> or a problem word (<c>missing</c>,
/// <c>corrupt</c>, <c>wrong_link</c>…); push and pull: <c>ok</c>. <c>etag</c> is the blob name: sha256 for LFS files, git sha1 otherwise. <c>transport</c>: what
/// carried a fetched file, <c>xet</c> or <c>http</c> (--dry-run: what would carry a file to fetch); null otherwise.
/// <c>bytes_fetched</c> is what crossed the network (compressed xorb bytes over Xet); <c>bytes_reused</c> what chunk
/// reuse copied from the cache (--dry-run: would copy), <c>bytes_to_fetch</c> what is still missing.
/// </summary>
internal sealed record FileDocument(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("etag")] string Etag,
    [property: JsonPropertyName("lfs")] bool Lfs,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("bytes_fetched")] long BytesFetched,
    [property: JsonPropertyName("resumed_from")] long ResumedFrom,
    [property: JsonPropertyName("retries")] int Retries,
    [property: JsonPropertyName("error")] string? Error)
{
    [JsonPropertyName("transport")]
    public string? Transport { get; init; }

    /// <summary>Bytes copied from chunks the cache already held (Xet chunk reuse): never fetched.</summary>
    [JsonPropertyName("bytes_reused")]
    public long BytesReused { get; init; }

    /// <summary>
    /// Bytes of the file still to fetch: its size when it failed or was skipped, 0 when it is in place; --dry-run: its
    /// size less what chunk reuse would copy from the cache (<see cref="BytesReused"/> is then that prediction).
    /// </summary>
    [JsonPropertyName("bytes_to_fetch")]
    public long BytesToFetch { get; init; }
}
