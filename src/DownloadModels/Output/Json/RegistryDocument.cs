using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>
/// push and pull: the artifact (<c>reference</c> as given, <c>digest</c> the manifest or index it resolved to), and
/// what crossed the network: blobs sent, skipped (already in the registry) and mounted on push; bytes received on pull.
/// </summary>
internal sealed record RegistryDocument(
    [property: JsonPropertyName("reference")] string Reference,
    [property: JsonPropertyName("digest")] string? Digest,
    [property: JsonPropertyName("blobs_sent")] int BlobsSent,
    [property: JsonPropertyName("bytes_sent")] long BytesSent,
    [property: JsonPropertyName("blobs_skipped")] int BlobsSkipped,
    [property: JsonPropertyName("blobs_mounted")] int BlobsMounted,
    [property: JsonPropertyName("bytes_received")] long BytesReceived);
