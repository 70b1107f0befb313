using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>
/// --dry-run: where the answer came from (<c>hub</c>, or <c>cache</c> when offline or the Hub could not be
/// reached, then <c>hub_unreachable</c> says why), whether every file is cached, and the optional files the
/// repo lacks (they get .no_exist markers).
/// </summary>
internal sealed record PlanDetails(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("hub_unreachable")] string? HubUnreachable,
    [property: JsonPropertyName("complete")] bool Complete,
    [property: JsonPropertyName("missing_optional")] IReadOnlyList<string> MissingOptional);
