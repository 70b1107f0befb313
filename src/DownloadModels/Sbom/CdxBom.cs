using System.Text.Json.Serialization;

namespace DownloadModels.Sbom;

/// <summary>A CycloneDX 1.6 BOM, as far as this tool fills it (the schema names every field).</summary>
internal sealed record CdxBom(
    [property: JsonPropertyName("$schema")] string Schema,
    [property: JsonPropertyName("bomFormat")] string BomFormat,
    [property: JsonPropertyName("specVersion")] string SpecVersion,
    [property: JsonPropertyName("serialNumber")] string? SerialNumber,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("metadata")] CdxMetadata Metadata,
    [property: JsonPropertyName("components")] IReadOnlyList<CdxComponent> Components);
