using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>
/// One repo of a run. <c>status</c> is <c>ok</c> or <c>failed</c> (verify: <c>ok</c>, <c>problems</c> or
/// <c>failed</c>); <c>error</c> is the first of <c>errors</c>. Byte counts are of the selected files; the
/// command-specific parts (<c>plan</c>, <c>verify</c>, <c>unpack</c>, <c>mirror</c>) appear only where they apply.
/// </summary>
internal sealed record RepoDocument(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("repo_id")] string RepoId,
    [property: JsonPropertyName("repo_type")] string RepoType,
    [property: JsonPropertyName("revision")] string Revision,
    [property: JsonPropertyName("commit")] string? Commit,
    [property: JsonPropertyName("snapshot_path")] string? SnapshotPath,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("errors")] IReadOnlyList<string> Errors,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("bytes_cached")] long BytesCached,
    [property: JsonPropertyName("bytes_fetched")] long BytesFetched,
    [property: JsonPropertyName("bytes_to_fetch")] long BytesToFetch,
    [property: JsonPropertyName("files")] IReadOnlyList<FileDocument> Files)
{
    /// <summary>Bytes of its files copied from chunks the cache already held (Xet chunk reuse): in place, never fetched.</summary>
    [JsonPropertyName("bytes_reused")]
    public long BytesReused { get; init; }

    [JsonPropertyName("plan")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PlanDetails? Plan { get; init; }

    [JsonPropertyName("verify")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public VerifyDetails? Verify { get; init; }

    [JsonPropertyName("unpack")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UnpackDetails? Unpack { get; init; }

    [JsonPropertyName("mirror")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MirrorDetails? Mirror { get; init; }
}
