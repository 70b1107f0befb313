using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>
/// unpack: blobs added from the bundle and those already in the cache; the ref the bundle names (<c>ref_name</c>, null
/// when none), what happened to it (<c>ref_change</c>: <c>none</c>, <c>unchanged</c>, <c>created</c>, <c>moved</c>;
/// with --dry-run what would) and the commit it pointed at before a move (<c>ref_previous_commit</c>, else null).
/// </summary>
internal sealed record UnpackDetails(
    [property: JsonPropertyName("blobs_added")] int BlobsAdded,
    [property: JsonPropertyName("bytes_added")] long BytesAdded,
    [property: JsonPropertyName("blobs_present")] int BlobsPresent,
    [property: JsonPropertyName("bytes_present")] long BytesPresent,
    [property: JsonPropertyName("ref_change")] string RefChange,
    [property: JsonPropertyName("ref_name")] string? RefName,
    [property: JsonPropertyName("ref_previous_commit")] string? RefPreviousCommit);
