using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>mirror, per repo: its files by how they reached the mirror, and how many it serves at that commit.</summary>
internal sealed record MirrorDetails(
    [property: JsonPropertyName("linked")] int Linked,
    [property: JsonPropertyName("copied")] int Copied,
    [property: JsonPropertyName("present")] int Present,
    [property: JsonPropertyName("served")] int Served,
    [property: JsonPropertyName("not_world_readable")] int NotWorldReadable);
