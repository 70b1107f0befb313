namespace DownloadModels.Commands;

/// <summary>
/// The raw byte streams behind a BUNDLE of "-": <see cref="AppEnvironment"/> carries text writers,
/// and a bundle is binary. Tests pass their own streams; the process passes its stdin and stdout.
/// </summary>
internal sealed record BundleStreams(Func<Stream> OpenInput, Func<Stream> OpenOutput, bool InputIsTerminal, bool OutputIsTerminal)
{
    public static BundleStreams FromConsole() =>
        new(Console.OpenStandardInput, Console.OpenStandardOutput, !Console.IsInputRedirected, !Console.IsOutputRedirected);
}
