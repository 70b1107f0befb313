using System.Reflection;
using System.Text.Json.Serialization;

namespace DownloadModels.Output.Json;

/// <summary>
/// The envelope every JSON document of every command starts with (docs/json.md; docs/schema/download-models.schema.json):
/// <c>version</c> (of the document format: 1; a change that is not an addition raises it), <c>tool_version</c> (the
/// binary's), <c>command</c> (the command typed: <c>download</c> for the drop-in), <c>ok</c> (exactly when
/// <c>exit_code</c> is 0), <c>exit_code</c> and <c>error</c> (null exactly when ok, else what stopped the run). The
/// command's own fields follow. A new command's document: a sealed record deriving from this one (its fields with
/// <c>JsonPropertyName</c>, set <c>Command</c>, <c>ExitCode</c>, <c>Error</c> — null when the exit code is 0), listed
/// below with <c>JsonDerivedType</c> so <see cref="JsonReport"/> writes it, its empty form for a usage error in
/// <see cref="FailureDocuments.For"/>, and its branch in docs/schema/download-models.schema.json and docs/json.md.
/// </summary>
[JsonDerivedType(typeof(RunDocument))]
[JsonDerivedType(typeof(ListDocument))]
[JsonDerivedType(typeof(RemovalDocument))]
[JsonDerivedType(typeof(LockDocument))]
[JsonDerivedType(typeof(DoctorDocument))]
[JsonDerivedType(typeof(EnvelopeDocument))]
internal abstract record JsonEnvelope
{
    /// <summary>The document format's version; raised only when a field is renamed, removed or changes meaning.</summary>
    public const int FormatVersion = 1;

    /// <summary>The binary's version (without the commit), as <c>download-models --version</c> prints it.</summary>
    public static readonly string BinaryVersion =
        (typeof(JsonEnvelope).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    [JsonPropertyName("version")]
    [JsonPropertyOrder(-10)]
    public int Version { get; init; } = FormatVersion;

    [JsonPropertyName("tool_version")]
    [JsonPropertyOrder(-9)]
    public string ToolVersion { get; init; } = BinaryVersion;

    [JsonPropertyName("command")]
    [JsonPropertyOrder(-8)]
    public required string Command { get; init; }

    [JsonPropertyName("ok")]
    [JsonPropertyOrder(-7)]
    public bool Ok => ExitCode == 0;

    [JsonPropertyName("exit_code")]
    [JsonPropertyOrder(-6)]
    public required int ExitCode { get; init; }

    [JsonPropertyName("error")]
    [JsonPropertyOrder(-5)]
    public ErrorDocument? Error { get; init; }
}
