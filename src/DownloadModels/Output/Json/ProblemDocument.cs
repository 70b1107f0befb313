using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>
/// One problem verify found: <c>kind</c> is the report's word in snake_case (missing, corrupt, dangling, wrong_link,
/// extra, ref, tree, unreadable, error), <c>path</c> the file (empty for the repo itself), <c>message</c> what was seen.
/// </summary>
internal sealed record ProblemDocument(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("message")] string Detail);
