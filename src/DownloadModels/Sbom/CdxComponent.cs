using System.Text.Json.Serialization;

namespace DownloadModels.Sbom;

/// <summary>A component: a model (with its files as sub-components), a file, or the tool itself.</summary>
internal sealed record CdxComponent(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("bom-ref")] string? BomRef,
    [property: JsonPropertyName("group")] string? Group,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("hashes")] IReadOnlyList<CdxHash>? Hashes = null,
    [property: JsonPropertyName("purl")] string? Purl = null,
    [property: JsonPropertyName("externalReferences")] IReadOnlyList<CdxExternalReference>? ExternalReferences = null,
    [property: JsonPropertyName("components")] IReadOnlyList<CdxComponent>? Components = null,
    [property: JsonPropertyName("properties")] IReadOnlyList<CdxProperty>? Properties = null);
