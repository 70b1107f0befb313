using System.Text.Json.Serialization;

namespace DownloadModels.Sbom;

/// <summary>Where a component comes from (type "distribution": the repo at its commit on the Hub).</summary>
internal sealed record CdxExternalReference(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("url")] string Url);
