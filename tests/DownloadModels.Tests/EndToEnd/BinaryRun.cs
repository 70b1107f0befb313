using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DownloadModels.Tests.EndToEnd;

/// <summary>
/// Runs the native binary as a user would: a clean environment (only what the test gives, plus PATH),
/// no terminal, a bounded time; and can send it a signal mid-run.
/// </summary>
internal sealed class BinaryRun
{
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);

    public BinaryRun(string home)
    {
        _env["HOME"] = home;
        _env["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        _env["DOWNLOAD_MODELS_RETRY_BASE_DELAY_MS"] = "20";
    }

    public string WorkingDirectory { get; set; } = System.IO.Path.GetTempPath();

    public BinaryRun Env(string name, string value)
    {
        _env[name] = value;
        return this;
    }

    public Task<ProcessResult> RunAsync(params string[] args) => RunAsync(args, TimeSpan.FromSeconds(120), null);

    /// <summary>
    /// Runs to the end; <paramref name="whileRunning"/> may act on the process meanwhile (send a signal);
    /// <paramref name="program"/> runs another program in the same environment (e.g. `script` around the binary).
    /// </summary>
    public async Task<ProcessResult> RunAsync(string[] args, TimeSpan timeout, Func<Process, Task>? whileRunning, string? program = null)
    {
        var psi = new ProcessStartInfo(program ?? await NativeBinary.GetAsync())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = WorkingDirectory,
        };
        psi.Environment.Clear();
        foreach (var (name, value) in _env)
            psi.Environment[name] = value;
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);

        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            if (whileRunning is not null)
                await whileRunning(process);
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"download-models {string.Join(' ', args)} did not finish in {timeout}: {await stdout}{await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    public static void Signal(Process process, PosixSignal signal) =>
        _ = Kill(process.Id, signal == PosixSignal.SIGINT ? 2 : signal == PosixSignal.SIGTERM ? 15 : 9);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
