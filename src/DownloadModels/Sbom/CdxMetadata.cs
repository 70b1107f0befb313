using System.Text.Json.Serialization;

namespace DownloadModels.Sbom;

/// <summary>When (omitted for a reproducible BOM) and by which tool the BOM was made.</summary>
internal sealed record CdxMetadata(
    [property: JsonPropertyName("timestamp")] string? Timestamp,
    [property: JsonPropertyName("tools")] CdxTools Tools);
