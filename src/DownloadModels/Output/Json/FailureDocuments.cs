namespace DownloadModels.Output.Json;

/// <summary>
/// The document of a run that stopped before its work (a usage error, a cache that cannot be written...): the
/// envelope with the error, then the command's own fields, empty (no repos, zeros, nulls), so a script reads the same
/// shape whether the run worked or not. A command with no document of its own (init, sbom, completion, help, man) gets the envelope alone.
/// </summary>
internal static class FailureDocuments
{
    /// <summary>The commands whose document is a <see cref="RunDocument"/>.</summary>
    public static readonly string[] RunCommands = ["download", "get", "sync", "verify", "pack", "unpack", "mirror", "push", "pull"];

    public static JsonEnvelope For(string command, int exitCode, ErrorDocument error) => command switch
    {
        "list" => ListDocument.Failed(exitCode, error),
        "rm" or "prune" => RemovalDocument.Failed(command, exitCode, error),
        "doctor" => DoctorDocument.Failed(exitCode, error),
        "lock" => LockDocument.Failed(exitCode, error),
        _ when RunCommands.Contains(command, StringComparer.Ordinal) => new RunHeader(command, false, false, null, TimeSpan.Zero).Document([], exitCode, error),
        _ => new EnvelopeDocument { Command = command, ExitCode = exitCode, Error = error },
    };
}
