using System.Text.Json.Serialization;

namespace DownloadModels.Sbom;

/// <summary>A name/value pair for what CycloneDX has no field for (a file's size, its git blob sha1, its Xet hash).</summary>
internal sealed record CdxProperty(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] string Value);
