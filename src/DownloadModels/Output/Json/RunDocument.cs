using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>
/// The document of every command that brings repos into the cache or reads them (the drop-in, get, sync, verify,
/// pack, unpack, mirror, push, pull): the envelope, then the run's mode, the cache, the time taken, each repo and
/// the totals. <see cref="LocalDir"/>, <see cref="Bundle"/>, <see cref="Registry"/> and <see cref="Mirror"/> appear
/// only where they belong; every other field is always present (null when it does not apply).
/// </summary>
internal sealed record RunDocument(
    [property: JsonPropertyName("dry_run")] bool DryRun,
    [property: JsonPropertyName("offline")] bool Offline,
    [property: JsonPropertyName("cache_dir")] string? CacheDir,
    [property: JsonPropertyName("elapsed_seconds")] double ElapsedSeconds,
    [property: JsonPropertyName("repos")] IReadOnlyList<RepoDocument> Repos,
    [property: JsonPropertyName("totals")] TotalsDocument Totals) : JsonEnvelope
{
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
