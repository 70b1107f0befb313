using System.Text.Json.Serialization;
using DownloadModels.Inspection;

namespace DownloadModels.Output.Json;

/// <summary>
/// `list --json`: the envelope, then the cache folder, whether it exists, its bytes on disk (each blob once), the
/// repos shown (after --filter, --sort, --limit), the cache's own issues and huggingface_hub's shared blob store (or
/// null). The repos' records (<see cref="RepoListing"/> and below) carry their JSON names.
/// </summary>
internal sealed record ListDocument(
    [property: JsonPropertyName("cache_dir")] string? CacheDir,
    [property: JsonPropertyName("exists")] bool Exists,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("repos")] IReadOnlyList<RepoListing> Repos,
    [property: JsonPropertyName("issues")] IReadOnlyList<CacheIssue> Issues,
    [property: JsonPropertyName("shared_blob_store")] SharedStoreListing? SharedBlobStore) : JsonEnvelope
{
    /// <summary>Bytes of the whole cache's Xet files that are chunks another file of the cache also holds (docs/xet.md).</summary>
    [JsonPropertyName("bytes_shared")]
    public long BytesShared { get; init; }

    public static ListDocument Of(CacheListing listing) =>
        new(listing.CacheDir, listing.Exists, listing.SizeOnDisk, listing.Repos, listing.Issues, listing.SharedBlobStore)
        {
            Command = "list",
            ExitCode = 0,
            BytesShared = listing.BytesShared,
        };

    /// <summary>A list that stopped before reading the cache: nothing known, the error.</summary>
    public static ListDocument Failed(int exitCode, ErrorDocument error) =>
        new(null, false, 0, [], [], null) { Command = "list", ExitCode = exitCode, Error = error };
}
