using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>unpack: blobs added from the bundle and those already in the cache, and how the ref changed ("" when it did not).</summary>
internal sealed record UnpackDetails(
    [property: JsonPropertyName("blobs_added")] int BlobsAdded,
    [property: JsonPropertyName("bytes_added")] long BytesAdded,
    [property: JsonPropertyName("blobs_present")] int BlobsPresent,
    [property: JsonPropertyName("bytes_present")] long BytesPresent,
    [property: JsonPropertyName("ref_change")] string RefChange);
