namespace DownloadModels.Contract;

/// <summary>
/// The one error a user sees from a command that stops as a whole: the command layer (<c>CommandGuard</c>)
/// prints <c>download-models: {Message}</c>, then the <see cref="Hint"/> when there is one, writes it into the
/// JSON document when one was asked for, and exits with <see cref="ExitCode"/>. The message is one line that says
/// what to do. Bad usage is <see cref="UsageException"/>; everything else that stops a command before it starts
/// its work (a cache that cannot be read or written, no room, a bundle that cannot be read) is this type itself.
/// </summary>
internal class CommandException(string message, int exitCode = ExitCodes.Usage, string? hint = null, ErrorKind kind = ErrorKind.NotWritable) : Exception(message)
{
    /// <summary>A failure of the given <paramref name="kind"/> (exit 1): the JSON document's <c>error.code</c>.</summary>
    public CommandException(ErrorKind kind, string message)
        : this(message, ExitCodes.Usage, null, kind)
    {
    }

    /// <summary>What kind of failure this is (the JSON document's <c>error.code</c>).</summary>
    public ErrorKind Kind { get; } = kind;

    public int ExitCode { get; } = exitCode;

    /// <summary>A second line telling what to do, when the message alone does not.</summary>
    public string? Hint { get; } = hint;
}
