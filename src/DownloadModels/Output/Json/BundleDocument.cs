using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>pack/unpack: the bundle (<c>path</c> "-" for stdin/stdout), its size, and the blob bytes it carries.</summary>
internal sealed record BundleDocument(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long? Size,
    [property: JsonPropertyName("blob_bytes")] long BlobBytes);
