namespace DownloadModels.Output.Json;

/// <summary>
/// The envelope alone: what a command with no JSON document of its own (init, sbom, completion, help, man)
/// answers when its command line asks for JSON and cannot be read (a usage error).
/// </summary>
internal sealed record EnvelopeDocument : JsonEnvelope;
