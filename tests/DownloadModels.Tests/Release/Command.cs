using System.Diagnostics;
using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Release;

/// <summary>
/// Runs a system tool (chroot, qemu, dash, objdump...) with exactly the environment given, no terminal, a
/// bounded time. A tool that is not installed is an error that names it: these checks fail, never skip.
/// </summary>
internal static class Command
{
    public static async Task<ProcessResult> RunAsync(
        string tool,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? env = null,
        string? stdin = null,
        TimeSpan? timeout = null)
    {
        var path = Find(tool);
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = System.IO.Path.GetTempPath(),
        };
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        if (env is not null)
        {
            psi.Environment.Clear();
            foreach (var (name, value) in env)
                psi.Environment[name] = value;
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
            await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish: {await stdout}{await stderr}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The tool's full path, searching PATH and the sbin folders a root shell has.</summary>
    public static string Find(string tool)
    {
        if (tool.Contains('/', StringComparison.Ordinal))
            return File.Exists(tool) ? tool : throw new FileNotFoundException($"{tool} is missing");
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
        return dirs.Select(d => System.IO.Path.Combine(d, tool)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"{tool} is not installed: .ci/run installs what these tests need (APT_PACKAGES).");
    }

    /// <summary>Unix permissions (these tests run on Linux only).</summary>
    public static void Chmod(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
            throw new PlatformNotSupportedException("Linux only");
        File.SetUnixFileMode(path, mode);
    }

    /// <summary>chroot, mknod, mounts and other users need root; CI runs as root. Anything else fails here.</summary>
    public static void RequireRoot()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("this test needs root (chroot, mknod, setpriv, mount namespaces); CI runs as root.");
    }
}
