using System.Diagnostics;
using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Bundle;

/// <summary>
/// Two runs of the native binary joined like a shell pipe (<c>a | b</c>), each with its own HOME and a
/// clean environment: the first one's stdout is copied into the second one's stdin as it comes.
/// </summary>
internal static class NativePipe
{
    public static async Task<(ProcessResult Left, ProcessResult Right)> RunAsync(
        (string Home, string[] Args, Dictionary<string, string> Env) left,
        (string Home, string[] Args, Dictionary<string, string> Env) right,
        TimeSpan timeout)
    {
        var binary = await NativeBinary.GetAsync();
        using var writer = Process.Start(Start(binary, left.Home, left.Args, left.Env))!;
        using var reader = Process.Start(Start(binary, right.Home, right.Args, right.Env))!;
        writer.StandardInput.Close();
        var writerErr = writer.StandardError.ReadToEndAsync();
        var readerOut = reader.StandardOutput.ReadToEndAsync();
        var readerErr = reader.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            try
            {
                await writer.StandardOutput.BaseStream.CopyToAsync(reader.StandardInput.BaseStream, cts.Token);
            }
            catch (IOException)
            {
                // The reader stopped reading (it refused the bundle): its exit code tells.
            }

            reader.StandardInput.Close();
            await Task.WhenAll(writer.WaitForExitAsync(cts.Token), reader.WaitForExitAsync(cts.Token));
        }
        catch (OperationCanceledException)
        {
            writer.Kill(entireProcessTree: true);
            reader.Kill(entireProcessTree: true);
            throw new TimeoutException($"the pipe did not finish in {timeout}: {await writerErr}\n{await readerErr}");
        }

        return (new ProcessResult(writer.ExitCode, "", await writerErr), new ProcessResult(reader.ExitCode, await readerOut, await readerErr));
    }

    private static ProcessStartInfo Start(string binary, string home, string[] args, Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = home,
        };
        psi.Environment.Clear();
        psi.Environment["HOME"] = home;
        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        psi.Environment["DOWNLOAD_MODELS_RETRY_BASE_DELAY_MS"] = "20";
        foreach (var (name, value) in env)
            psi.Environment[name] = value;
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        return psi;
    }
}
