using System.CommandLine;
using DownloadModels.Contract;
using DownloadModels.Output;
using DownloadModels.Output.Json;

namespace DownloadModels.Commands;

/// <summary>
/// Wraps every command's work: a <see cref="UsageException"/> becomes one line and exit 1 (and, when the
/// command line asked for JSON, the run's one document saying so); Ctrl+C or SIGTERM prints that partial
/// files are kept and lets Program return 130/143.
/// </summary>
internal static class CommandGuard
{
    public static Task<int> RunAsync(AppEnvironment env, CancellationToken ct, Func<Task<int>> work) =>
        RunAsync(env, null, ct, work);

    /// <summary>As above; with <paramref name="parse"/>, a usage error also answers --format json with its document.</summary>
    public static async Task<int> RunAsync(AppEnvironment env, ParseResult? parse, CancellationToken ct, Func<Task<int>> work)
    {
        try
        {
            return await work();
        }
        catch (UsageException e)
        {
            env.Error.WriteLine($"download-models: {e.Message}");
            if (parse is not null && OutputOptions.AsksForJson(parse.Tokens.Select(t => t.Value).ToArray()))
                WriteFailure(env, RunContext.CommandName(parse), e.Message, UsageExit(parse));
            return UsageExit(parse);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            env.Error.WriteLine();
            env.Error.WriteLine("Interrupted: partial files are kept; run the same command again to resume.");
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

    /// <summary>The JSON document of a run that stopped at a usage error: no repos, the error.</summary>
    public static void WriteFailure(AppEnvironment env, string command, string error, int exitCode) =>
        JsonReport.Write(env.Out, new RunHeader(command, false, false, null, TimeSpan.Zero).Document([], exitCode, error));
}
