using System.CommandLine;
using DownloadModels.Cache;
using DownloadModels.Contract;
using DownloadModels.Errors;
using DownloadModels.Output;
using DownloadModels.Output.Json;

namespace DownloadModels.Commands;

/// <summary>
/// Wraps every command's work: a <see cref="CommandException"/> (a <see cref="UsageException"/> among them) becomes
/// one line (and its hint) and its exit code (and, when the command line asked for JSON, the run's one document
/// saying so); Ctrl+C or SIGTERM prints that partial
/// files are kept and lets Program return 130/143.
/// </summary>
internal static class CommandGuard
{
    public static Task<int> RunAsync(AppEnvironment env, CancellationToken ct, Func<Task<int>> work) =>
        RunAsync(env, null, ct, work);

    /// <summary>As above; with <paramref name="parse"/>, a usage error also answers --format json with its document.</summary>
    public static Task<int> RunAsync(AppEnvironment env, ParseResult? parse, CancellationToken ct, Func<Task<int>> work) =>
        RunAsync(env, parse, ct, () => InterruptedText, work);

    /// <summary>
    /// As above, with what an interruption prints (<paramref name="interrupted"/>, asked when it comes) when the
    /// command has its own story to tell (unpack: what was merged).
    /// </summary>
    public static async Task<int> RunAsync(AppEnvironment env, ParseResult? parse, CancellationToken ct, Func<string> interrupted, Func<Task<int>> work)
    {
        try
        {
            return await work();
        }
        catch (CommandException e)
        {
            env.Error.WriteLine($"download-models: {e.Message}");
            if (parse is not null && OutputOptions.AsksForJson(parse.Tokens.Select(t => t.Value).ToArray()))
                WriteFailure(env, RunContext.CommandName(parse), Error(e.Kind, e.Message, e.Hint), e is UsageException ? UsageExit(parse) : e.ExitCode);
            if (e.Hint is { } hint)
                env.Error.WriteLine(hint);
            // Bad usage: 1 for the drop-in, 2 for a command; other errors carry their own code.
            return e is UsageException ? UsageExit(parse) : e.ExitCode;
        }
        catch (OutputFileException e)
        {
            env.Error.WriteLine($"download-models: {e.Message}.");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            env.Error.WriteLine();
            env.Error.WriteLine(interrupted());
            throw;
        }
    }

    /// <summary>
    /// A usage error's exit code: 1 for the drop-in (its contract with download_models.sh), 2 for a command —
    /// a word where a command goes ("lsit") included: the drop-in takes no words.
    /// </summary>
    public static int UsageExit(ParseResult? parse) =>
        parse is null || (parse.CommandResult.Command is RootCommand && !(parse.Tokens.Count > 0 && parse.UnmatchedTokens.Count > 0
            && parse.UnmatchedTokens[0] == parse.Tokens[0].Value && !parse.Tokens[0].Value.StartsWith('-')))
            ? ExitCodes.Usage
            : ExitCodes.CommandUsage;

    /// <summary>
    /// The last line of defence (Program's): anything no command turned into a message of its own becomes
    /// one line and exit 1, never a stack trace and exit 134. Writing that line may fail too (stderr closed
    /// or full): then the exit code alone tells.
    /// </summary>
    public static int Unexpected(TextWriter error, Exception e)
    {
        try
        {
            var what = SystemErrors.IsDiskFull(e) ? "the disk is full (or the output is /dev/full)"
                : e is IOException or UnauthorizedAccessException ? $"an input/output error ({SystemErrors.Describe(e)}), writing its output or a file"
                : $"{SystemErrors.Describe(e)}; please report it, with the command line that gave it";
            error.WriteLine($"download-models: stopped: {what}.");
            error.Flush();
        }
        catch (Exception)
        {
            // stderr itself is gone: the exit code is all that is left to say it.
        }

        return ExitCodes.Usage;
    }

    /// <summary>What every command prints when Ctrl+C or SIGTERM stops it.</summary>
    public const string InterruptedText = "Interrupted: partial files are kept; run the same command again to resume.";

    /// <summary>The JSON error of a failure of <paramref name="kind"/>: its code, the line stderr shows, the hint.</summary>
    public static ErrorDocument Error(ErrorKind kind, string message, string? hint = null) => new(kind switch
    {
        ErrorKind.Usage => ErrorCodes.Usage,
        ErrorKind.NoSpace => ErrorCodes.NoSpace,
        ErrorKind.Unreadable => ErrorCodes.Unreadable,
        ErrorKind.BadBundle => ErrorCodes.BadBundle,
        ErrorKind.Registry => ErrorCodes.Registry,
        _ => ErrorCodes.NotWritable,
    }, message, hint);

    /// <summary>The JSON document of a run that stopped before its work: the command's document, empty, with the error.</summary>
    public static void WriteFailure(AppEnvironment env, string command, ErrorDocument error, int exitCode) =>
        JsonReport.Write(env.Out, FailureDocuments.For(command, exitCode, error));

    /// <summary>
    /// A download-kind command that stops as a whole after its start: the one line (as <see cref="CommandException"/>
    /// gets), the JSON document (no repos, the error, the bundle when known) when <paramref name="json"/> asks for one,
    /// and the exit code to return.
    /// </summary>
    public static int Fail(AppEnvironment env, RunHeader? json, ErrorKind kind, string message, int exitCode, BundleDocument? bundle = null)
    {
        env.Error.WriteLine($"download-models: {message}");
        if (json is not null)
            JsonReport.Write(env.Out, json.Document([], exitCode, Error(kind, message)) with { Bundle = bundle });
        return exitCode;
    }
}
