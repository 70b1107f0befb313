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
                WriteFailure(env, RunContext.CommandName(parse), e.Message);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            env.Error.WriteLine();
            env.Error.WriteLine("Interrupted: partial files are kept; run the same command again to resume.");
            throw;
        }
    }

    /// <summary>The JSON document of a run that stopped at a usage error (exit 1): no repos, the error.</summary>
    public static void WriteFailure(AppEnvironment env, string command, string error) =>
        JsonReport.Write(env.Out, new RunHeader(command, false, false, null, TimeSpan.Zero).Document([], ExitCodes.Usage, error));
}
