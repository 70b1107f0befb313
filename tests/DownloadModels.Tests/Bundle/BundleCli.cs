using DownloadModels.Commands;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Bundle;

/// <summary>
/// Runs pack or unpack in-process like <see cref="CliHarness"/> does, but with the binary stdin and
/// stdout a test gives (a pipe, a stream that fails, a "terminal"), which the harness cannot pass.
/// </summary>
internal static class BundleCli
{
    public static async Task<ProcessResult> RunAsync(CliHarness cli, string? endpoint, BundleStreams streams, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HF_HOME"] = cli.HfHome,
            ["HF_ENDPOINT"] = endpoint,
            [RunSettings.RetryDelayVariable] = "10",
        };
        var env = new AppEnvironment(name => variables.GetValueOrDefault(name), cli.WorkingDirectory, cli.Home,
            TextWriter.Synchronized(output), TextWriter.Synchronized(error), ProgressIsTerminal: false, TerminalWidth: 100, streams);
        var code = await new App(env).RunAsync(args, CancellationToken.None);
        return new ProcessResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Streams for a pack writing into <paramref name="output"/> (never a terminal).</summary>
    public static BundleStreams Writing(Stream output, bool terminal = false) =>
        new(() => throw new InvalidOperationException("pack reads no stdin"), () => output, InputIsTerminal: false, OutputIsTerminal: terminal);

    /// <summary>Streams for an unpack reading <paramref name="input"/>.</summary>
    public static BundleStreams Reading(Stream input, bool terminal = false) =>
        new(() => input, () => throw new InvalidOperationException("unpack writes no binary stdout"), InputIsTerminal: terminal, OutputIsTerminal: false);
}
