using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>mirror: the folder written and the nginx include for the Python libraries (null when not written).</summary>
internal sealed record MirrorDocument(
    [property: JsonPropertyName("root")] string Root,
    [property: JsonPropertyName("nginx_include")] string? NginxInclude);
