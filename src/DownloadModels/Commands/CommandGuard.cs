using DownloadModels.Contract;

namespace DownloadModels.Commands;

/// <summary>
/// Wraps every command's work: a <see cref="UsageException"/> becomes one line and exit 1; Ctrl+C or
/// SIGTERM prints that partial files are kept and lets Program return 130/143.
/// </summary>
internal static class CommandGuard
{
    public static async Task<int> RunAsync(AppEnvironment env, CancellationToken ct, Func<Task<int>> work)
    {
        try
        {
            return await work();
        }
        catch (UsageException e)
        {
            env.Error.WriteLine($"download-models: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            env.Error.WriteLine();
            env.Error.WriteLine("Interrupted: partial files are kept; run the same command again to resume.");
            throw;
        }
    }
}
