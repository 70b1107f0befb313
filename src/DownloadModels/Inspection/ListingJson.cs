using System.Text.Json.Serialization;

namespace DownloadModels.Inspection;

/// <summary>
/// What `list` found: the cache folder, whether it exists, its bytes on disk (each blob once), its repos and the
/// issues of the cache itself. The nested records carry their JSON names: `list --json` (Output/Json's
/// <c>ListDocument</c>) writes them as they are. Sizes are bytes; times are UTC ISO 8601
/// (<c>2024-05-01T12:00:00Z</c>) or null; commits are 40 hex.
/// </summary>
internal sealed record CacheListing(
    string CacheDir,
    bool Exists,
    long SizeOnDisk,
    IReadOnlyList<RepoListing> Repos,
    IReadOnlyList<CacheIssue> Issues)
{
    /// <summary>The cache-wide shared blob store of newer huggingface_hub, when the cache has one (else null).</summary>
    public SharedStoreListing? SharedBlobStore { get; init; }

    /// <summary>
    /// Bytes of the cache's Xet blobs that are chunks another blob of the cache also holds (each blob counted once;
    /// only blobs with a chunk map count: see <see cref="SharedChunks"/>).
    /// </summary>
    [JsonPropertyName("bytes_shared")]
    public long BytesShared { get; init; }
}

/// <summary>
/// <c>{cache}/blobs/</c> when it is huggingface_hub's shared blob store: content files repos link to
/// from their own <c>blobs/{etag}</c>; <c>file_count</c> and <c>bytes</c> count each once.
/// </summary>
internal sealed record SharedStoreListing(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("file_count")] long Files,
    [property: JsonPropertyName("bytes")] long SizeOnDisk);

/// <summary>One repo folder: <c>bytes</c> (on disk) counts each blob its snapshots use once.</summary>
internal sealed record RepoListing(
    [property: JsonPropertyName("repo_id")] string RepoId,
    [property: JsonPropertyName("repo_type")] string RepoType,
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("bytes")] long SizeOnDisk,
    [property: JsonPropertyName("last_modified")] string? LastModified,
    [property: JsonPropertyName("refs")] IReadOnlyDictionary<string, string> Refs,
    [property: JsonPropertyName("snapshots")] IReadOnlyList<SnapshotListing> Snapshots,
    [property: JsonPropertyName("partial_files")] IReadOnlyList<PartialFile> PartialFiles,
    [property: JsonPropertyName("issues")] IReadOnlyList<CacheIssue> Issues)
{
    /// <summary>The newest access time of the files its snapshots use, as huggingface_hub's scan reports it (noatime mounts keep it old).</summary>
    [JsonPropertyName("last_accessed")]
    public string? LastAccessed { get; init; }

    /// <summary>Bytes of this repo's Xet blobs that are chunks another blob of the cache (this repo's or another's) also holds.</summary>
    [JsonPropertyName("bytes_shared")]
    public long BytesShared { get; init; }

    /// <summary>What <see cref="RepoListing.LastModified"/> says, as a time: for list --filter and --sort.</summary>
    [JsonIgnore]
    public DateTime? LastModifiedUtc { get; init; }

    /// <summary>What <see cref="LastAccessed"/> says, as a time.</summary>
    [JsonIgnore]
    public DateTime? LastAccessedUtc { get; init; }
}

/// <summary>
/// One <c>snapshots/{commit}</c> folder and the refs that point at it; <c>snapshot_path</c> is the folder itself
/// (what a library loads), <c>files</c> its files (only with <c>list --files</c>; <c>file_count</c> always).
/// </summary>
internal sealed record SnapshotListing(
    [property: JsonPropertyName("commit")] string Commit,
    [property: JsonPropertyName("refs")] IReadOnlyList<string> Refs,
    [property: JsonPropertyName("file_count")] int Files,
    [property: JsonPropertyName("bytes")] long SizeOnDisk,
    [property: JsonPropertyName("last_modified")] string? LastModified)
{
    [JsonPropertyName("snapshot_path")]
    public string Path { get; init; } = "";

    [JsonPropertyName("files")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SnapshotFile>? FileList { get; init; }
}

/// <summary>
/// One file of a snapshot (<c>list --files</c>): its path in the repo, its size (null when its link dangles)
/// and the etag (blob name) it links to (null for a regular file in the snapshot).
/// </summary>
internal sealed record SnapshotFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long? Size,
    [property: JsonPropertyName("etag")] string? Blob);

/// <summary>An interrupted download (<c>blobs/{etag}.incomplete</c>) that the next run resumes.</summary>
internal sealed record PartialFile(
    [property: JsonPropertyName("etag")] string Blob,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("last_modified")] string? LastModified);

/// <summary>
/// Something noticed cheaply (no hashing): <see cref="Kind"/> is one of dangling-link, foreign-link, bad-link,
/// bad-ref, ref-to-missing-snapshot, unreferenced-blobs, unreadable, not-a-repo (the JSON <c>kind</c> is the same
/// word in snake_case); <c>path</c> is relative to the repo folder (to the cache for not-a-repo); <c>message</c> says
/// what was seen.
/// </summary>
internal sealed record CacheIssue(
    [property: JsonIgnore] string Kind,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("message")] string Detail)
{
    /// <summary>The kind as the JSON contract spells enum values: snake_case.</summary>
    [JsonPropertyName("kind")]
    [JsonPropertyOrder(-1)]
    public string KindValue => Kind.Replace('-', '_');
}
