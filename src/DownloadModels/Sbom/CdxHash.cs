using System.Text.Json.Serialization;

namespace DownloadModels.Sbom;

/// <summary>A content hash; <see cref="Alg"/> is one of CycloneDX's names ("SHA-256").</summary>
internal sealed record CdxHash(
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("content")] string Content);
