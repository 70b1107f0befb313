using DownloadModels.Output;
using DownloadModels.Settings;

namespace DownloadModels.Commands;

/// <summary>
/// Everything the CLI reads from the process it runs in, passed in rather than read from statics, so
/// tests run the whole command line in-process with their own variables, folders and writers.
/// </summary>
/// <remarks>
/// <paramref name="HomeDirectory"/> is null when the process has no usable home (see <see cref="Settings.HomeFolder"/>).
/// <paramref name="MeasureTerminal"/> gives the terminal's size at the moment it is called (the live view
/// measures every frame); without it, <paramref name="TerminalWidth"/> columns and the fallback height.
/// <paramref name="Confirm"/> asks a yes/no question of the person at the terminal; null when nobody is there
/// (stdin or stderr not a terminal), and a command that would ask goes ahead as told.
/// </remarks>
internal sealed record AppEnvironment(
    Func<string, string?> GetEnv,
    string CurrentDirectory,
    string? HomeDirectory,
    TextWriter Out,
    TextWriter Error,
    bool ProgressIsTerminal,
    int TerminalWidth,
    BundleStreams? Streams = null,
    Func<TerminalSize>? MeasureTerminal = null,
    Func<string, bool>? Confirm = null)
{
    /// <summary>The binary stdin and stdout behind a BUNDLE of "-" (the process's own unless a test gives others).</summary>
    public BundleStreams BinaryStreams => Streams ?? BundleStreams.FromConsole();

    /// <summary>The terminal's size now.</summary>
    public TerminalSize Terminal() => MeasureTerminal?.Invoke() ?? new TerminalSize(TerminalWidth, TerminalSize.Fallback.Height);

    public static AppEnvironment FromProcess()
    {
        var home = HomeFolder.FromProcess();
        HomeFolder.ProvideForRuntime(home);
        return new(
            Environment.GetEnvironmentVariable,
            Environment.CurrentDirectory,
            home,
            Console.Out,
            Console.Error,
            !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb"),
            Console.IsErrorRedirected ? 100 : Measure().Width,
            MeasureTerminal: Console.IsErrorRedirected ? null : Measure,
            Confirm: Console.IsErrorRedirected || Console.IsInputRedirected ? null : Ask);
    }

    /// <summary>The question on stderr, the answer from stdin: yes only for "y" or "yes".</summary>
    private static bool Ask(string question)
    {
        Console.Error.Write(question + " [y/N] ");
        Console.Error.Flush();
        return Console.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
    }

    /// <summary>The console window's size, or the fallback when it cannot be asked (no terminal, a closed one).</summary>
    private static TerminalSize Measure()
    {
        try
        {
            return new TerminalSize(Console.WindowWidth, Console.WindowHeight).Usable;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or PlatformNotSupportedException)
        {
            return TerminalSize.Fallback;
        }
    }
}
