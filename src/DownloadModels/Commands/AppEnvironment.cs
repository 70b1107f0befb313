using DownloadModels.Settings;

namespace DownloadModels.Commands;

/// <summary>
/// Everything the CLI reads from the process it runs in, passed in rather than read from statics, so
/// tests run the whole command line in-process with their own variables, folders and writers.
/// </summary>
/// <remarks><paramref name="HomeDirectory"/> is null when the process has no usable home (see <see cref="Settings.HomeFolder"/>).</remarks>
internal sealed record AppEnvironment(
    Func<string, string?> GetEnv,
    string CurrentDirectory,
    string? HomeDirectory,
    TextWriter Out,
    TextWriter Error,
    bool ProgressIsTerminal,
    int TerminalWidth,
    BundleStreams? Streams = null)
{
    /// <summary>The binary stdin and stdout behind a BUNDLE of "-" (the process's own unless a test gives others).</summary>
    public BundleStreams BinaryStreams => Streams ?? BundleStreams.FromConsole();

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
            Console.IsErrorRedirected ? 100 : SafeWidth());
    }

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth > 20 ? Console.WindowWidth : 100;
        }
        catch (IOException)
        {
            return 100;
        }
    }
}
