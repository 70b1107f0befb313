using System.Text.Json.Serialization;

namespace DownloadModels.Inspection;

/// <summary>
/// `list --json`, version 1 (README documents it; fields are only ever added). Sizes are bytes; times
/// are UTC ISO 8601 (<c>2024-05-01T12:00:00Z</c>) or null; commits are 40 hex.
/// </summary>
internal sealed record CacheListing(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("cache_dir")] string CacheDir,
    [property: JsonPropertyName("exists")] bool Exists,
    [property: JsonPropertyName("size_on_disk")] long SizeOnDisk,
    [property: JsonPropertyName("repos")] IReadOnlyList<RepoListing> Repos,
    [property: JsonPropertyName("issues")] IReadOnlyList<CacheIssue> Issues)
{
    /// <summary>The cache-wide shared blob store of newer huggingface_hub, when the cache has one (else null).</summary>
    [JsonPropertyName("shared_blob_store")]
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
/// from their own <c>blobs/{etag}</c>; <c>files</c> and <c>size_on_disk</c> count each once.
/// </summary>
internal sealed record SharedStoreListing(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("files")] long Files,
    [property: JsonPropertyName("size_on_disk")] long SizeOnDisk);

/// <summary>One repo folder: <c>size_on_disk</c> counts each blob its snapshots use once.</summary>
internal sealed record RepoListing(
    [property: JsonPropertyName("repo_id")] string RepoId,
    [property: JsonPropertyName("repo_type")] string RepoType,
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("size_on_disk")] long SizeOnDisk,
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
/// One <c>snapshots/{commit}</c> folder and the refs that point at it; <c>path</c> is the folder itself (what
/// a library loads), <c>file_list</c> its files (only with <c>list --files</c>).
/// </summary>
internal sealed record SnapshotListing(
    [property: JsonPropertyName("commit")] string Commit,
    [property: JsonPropertyName("refs")] IReadOnlyList<string> Refs,
    [property: JsonPropertyName("files")] int Files,
    [property: JsonPropertyName("size_on_disk")] long SizeOnDisk,
    [property: JsonPropertyName("last_modified")] string? LastModified)
{
    [JsonPropertyName("path")]
    public string Path { get; init; } = "";

    [JsonPropertyName("file_list")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SnapshotFile>? FileList { get; init; }
}

/// <summary>
/// One file of a snapshot (<c>list --files</c>): its path in the repo, its size (null when its link dangles)
/// and the blob it links to (null for a regular file in the snapshot).
/// </summary>
internal sealed record SnapshotFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long? Size,
    [property: JsonPropertyName("blob")] string? Blob);

/// <summary>An interrupted download (<c>blobs/{etag}.incomplete</c>) that the next run resumes.</summary>
internal sealed record PartialFile(
    [property: JsonPropertyName("blob")] string Blob,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("last_modified")] string? LastModified);

/// <summary>
/// Something noticed cheaply (no hashing): <c>kind</c> is one of dangling-link, foreign-link, bad-link,
/// bad-ref, ref-to-missing-snapshot, unreferenced-blobs, unreadable, not-a-repo; <c>path</c> is relative
/// to the repo folder (to the cache for not-a-repo).
/// </summary>
internal sealed record CacheIssue(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("detail")] string Detail);

/// <summary>Source-generated, so `list --json` works in the Native AOT binary (no reflection).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, GenerationMode = JsonSourceGenerationMode.Default)]
[JsonSerializable(typeof(CacheListing))]
internal sealed partial class InspectionJsonContext : JsonSerializerContext;
