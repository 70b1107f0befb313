using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>One problem verify found: <c>kind</c> is the report's word (missing, corrupt, dangling, wrong-link, extra, ref, tree, unreadable, error, copy).</summary>
internal sealed record ProblemDocument(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("detail")] string Detail);
