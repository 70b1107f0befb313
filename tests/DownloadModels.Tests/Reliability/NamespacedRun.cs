using System.Diagnostics;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// Runs a shell script in its own user and mount namespace (<c>unshare -rm</c>), where it may mount a
/// small or read-only tmpfs without privileges on the host. The mounts vanish with the script, so a
/// failing test leaves nothing mounted. The script gets the native binary as <c>$BIN</c>.
/// </summary>
internal static class NamespacedRun
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, IReadOnlyDictionary<string, string> env, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo("unshare", ["-rm", "--", "sh", "-eu", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment.Clear();
        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        psi.Environment["BIN"] = await EndToEnd.NativeBinary.GetAsync();
        psi.Environment["DOWNLOAD_MODELS_RETRY_BASE_DELAY_MS"] = "20";
        foreach (var (name, value) in env)
            psi.Environment[name] = value;

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"namespaced script did not finish in {timeout}: {await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
