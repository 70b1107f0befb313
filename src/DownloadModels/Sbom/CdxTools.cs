using System.Text.Json.Serialization;

namespace DownloadModels.Sbom;

/// <summary>The tools that made the BOM, in the 1.5+ form (components, not the deprecated array).</summary>
internal sealed record CdxTools([property: JsonPropertyName("components")] IReadOnlyList<CdxComponent> Components);
