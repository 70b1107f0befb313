using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>
/// The one JSON document a run prints on stdout with <c>--format json</c> (README, "Output for programs"):
/// version 1, fields only ever added. <see cref="LocalDir"/>, <see cref="Bundle"/> and <see cref="Mirror"/> appear only
/// where they belong; every other field is always present (null when it does not apply).
/// </summary>
internal sealed record RunDocument(
    [property: JsonPropertyName("command")] string Command,
    [property: JsonPropertyName("ok")] bool Ok,
    [property: JsonPropertyName("exit_code")] int ExitCode,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("dry_run")] bool DryRun,
    [property: JsonPropertyName("offline")] bool Offline,
    [property: JsonPropertyName("cache_dir")] string? CacheDir,
    [property: JsonPropertyName("elapsed_seconds")] double ElapsedSeconds,
    [property: JsonPropertyName("repos")] IReadOnlyList<RepoDocument> Repos,
    [property: JsonPropertyName("totals")] TotalsDocument Totals)
{
    public const int CurrentVersion = 1;

    /// <summary>The document's format version: a consumer checks it before reading anything else.</summary>
    [JsonPropertyName("version")]
    [JsonPropertyOrder(-1)]
    public int Version { get; init; } = CurrentVersion;

    /// <summary>--local-dir: the folder the files went to (instead of the cache).</summary>
    [JsonPropertyName("local_dir")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LocalDir { get; init; }

    /// <summary>pack and unpack: the bundle written or read.</summary>
    [JsonPropertyName("bundle")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public BundleDocument? Bundle { get; init; }

    /// <summary>push and pull: the registry artifact and what crossed the network.</summary>
    [JsonPropertyName("registry")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RegistryDocument? Registry { get; init; }

    /// <summary>mirror: the folder written.</summary>
    [JsonPropertyName("mirror")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public MirrorDocument? Mirror { get; init; }
}
