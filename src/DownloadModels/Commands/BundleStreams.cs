using Microsoft.Win32.SafeHandles;

namespace DownloadModels.Commands;

/// <summary>
/// The raw byte streams behind a BUNDLE of "-": <see cref="AppEnvironment"/> carries text writers,
/// and a bundle is binary. Tests pass their own streams; the process passes its stdin and stdout.
/// </summary>
internal sealed record BundleStreams(Func<Stream> OpenInput, Func<Stream> OpenOutput, bool InputIsTerminal, bool OutputIsTerminal)
{
    public static BundleStreams FromConsole() =>
        new(Console.OpenStandardInput, OpenStandardOutput, !Console.IsInputRedirected, !Console.IsOutputRedirected);

    /// <summary>
    /// File descriptor 1 as a plain file stream: the console's own stream drops EPIPE silently, so `pack - |
    /// head -c 1000` would report success; this one throws it, and pack says the reader went away.
    /// </summary>
    private static Stream OpenStandardOutput() =>
        new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, 1);
}
