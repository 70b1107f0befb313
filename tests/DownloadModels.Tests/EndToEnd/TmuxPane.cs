using System.Diagnostics;

namespace DownloadModels.Tests.EndToEnd;

/// <summary>
/// A real tmux (Debian's, default options: <c>-f /dev/null</c>) on a socket of its own, with one detached
/// pane of a given size running a shell script; the test resizes it and reads back the screen and the
/// scrollback (<c>capture-pane -p -S -</c>). Killed with its server on dispose.
/// </summary>
internal sealed class TmuxPane : IAsyncDisposable
{
    private readonly string _socket = "dm-test-" + Guid.NewGuid().ToString("N")[..12];

    private TmuxPane()
    {
    }

    /// <summary>Starts a <paramref name="width"/>×<paramref name="height"/> pane running <c>sh script</c> with <paramref name="env"/>.</summary>
    public static async Task<TmuxPane> StartAsync(string script, int width, int height, IReadOnlyDictionary<string, string> env)
    {
        var pane = new TmuxPane();
        List<string> args = ["-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", $"{width}", "-y", $"{height}"];
        foreach (var (name, value) in env)
            args.AddRange(["-e", $"{name}={value}"]);
        args.Add($"sh {script}");
        await pane.TmuxAsync([.. args]);
        if (Environment.GetEnvironmentVariable("DM_TMUX_RAW") is { Length: > 0 } raw)
            await pane.TmuxAsync("pipe-pane", "-t", "t", $"cat > {raw}");
        return pane;
    }

    /// <summary>Resizes the window (and so the pane): the program sees SIGWINCH and the new size.</summary>
    public Task ResizeAsync(int width, int height) => TmuxAsync("resize-window", "-t", "t", "-x", $"{width}", "-y", $"{height}");

    /// <summary>The history then the screen, one string per row as tmux holds them (trailing blanks trimmed).</summary>
    public async Task<string[]> CaptureAsync(bool joinWrapped = false)
    {
        var text = await TmuxAsync(joinWrapped ? ["capture-pane", "-p", "-J", "-S", "-", "-t", "t"] : ["capture-pane", "-p", "-S", "-", "-t", "t"]);
        return [.. text.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd())];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await TmuxAsync("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task<string> TmuxAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-L");
        psi.ArgumentList.Add(_socket);
        foreach (var arg in args)
            psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("tmux did not start (Debian: apt-get install tmux)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"tmux {string.Join(' ', args)}: exit {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
