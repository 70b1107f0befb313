using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace DownloadModels.Commands;

/// <summary>
/// The words of --help: what the tool is, each command's examples, and (for the root) the variables and
/// exit codes. Every command's help is drawn by <see cref="HelpRenderer"/>, which lists only the options
/// that command takes.
/// </summary>
internal static class HelpText
{
    /// <summary>Where a command's description ends and its examples begin (see <see cref="Describe"/>).</summary>
    public const string ExamplesMarker = "\nExamples:\n";

    public const string Description =
        "Downloads the voice pipeline's models (Whisper STT, Kokoro TTS, E5 embeddings) - or any Hub repo -\n" +
        "into the Hugging Face cache: verified, resumable, parallel. A drop-in for download_models.sh.";

    public static readonly string[] RootExamples =
    [
        "download-models                                   # all three models (Whisper tiny)",
        "download-models --whisper-model small             # Whisper small instead of tiny",
        "download-models --only stt --whisper-model large-v3",
        "download-models --dry-run --json                  # what is cached and what would be fetched, for a script",
    ];

    public const string Epilog = """
        Environment:
          WHISPER_MODEL            Whisper size when --whisper-model is not given (default tiny)
          HF_HOME, HF_HUB_CACHE, XDG_CACHE_HOME   where the cache is, as huggingface_hub reads them
          MODEL_CACHE_DIR          docker compose's bind-mount source (env or ./.env): cache in $MODEL_CACHE_DIR/huggingface
          HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HF_TOKEN_PATH   the token (never sent to the CDN, never printed)
          HF_ENDPOINT              a mirror instead of https://huggingface.co
          HF_HUB_OFFLINE           1/ON/YES/TRUE: no network at all (same as --offline)
          HF_HUB_DOWNLOAD_TIMEOUT  seconds of silence before a connection is retried (default 30)
          HTTPS_PROXY, HTTP_PROXY, NO_PROXY   proxies

        Output:
          stdout carries results (summaries, reports, get's snapshot paths, the --json document);
          progress, warnings and errors go to stderr.

        Exit codes:
          0    every model is in the cache and verified
          1    the drop-in (no command): invalid usage (bad argument, invalid endpoint, cache folder not writable)
          2    a command (get, list, rm...): invalid usage
          N    N models (or repos, for get) failed; the others are complete
          130  interrupted by Ctrl+C; 143 by SIGTERM (partial files are kept; run again to resume)
        """;

    /// <summary>A command's description with its examples, which its help prints under "Examples:".</summary>
    public static string Describe(string summary, params string[] examples) =>
        summary + ExamplesMarker + string.Join("\n", examples);

    /// <summary>Makes --help (on every command) draw our help, with the root's epilog on the root only.</summary>
    public static void Install(RootCommand root, Func<int> width)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Description = "Show this help.";
        help.Action = new RenderedHelpAction(root, width);
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Description = "Show the version and the commit it was built from.";
            version.Aliases.Add("-V");
            version.Action = new NamedVersionAction();
        }
    }

    /// <summary><c>download-models 0.1.0 (35164fb)</c>: the name, the version and the commit, as other tools print theirs.</summary>
    public static string VersionLine => $"download-models {AppInfo.Version} ({AppInfo.Commit ?? "unknown commit"})";

    private sealed class NamedVersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.Write(VersionLine + "\n");
            output.Flush();
            return 0;
        }
    }

    /// <summary>True when the parse asked for help (which must win over a missing required argument).</summary>
    public static bool IsHelp(ParseResult parse) => parse.Action is RenderedHelpAction or HelpAction;

    private sealed class RenderedHelpAction(RootCommand root, Func<int> width) : SynchronousCommandLineAction
    {
        // Help is answered even when the rest of the command line has errors (e.g. `get --help` without REPO).
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var output = parseResult.InvocationConfiguration.Output;
            var command = parseResult.CommandResult.Command;
            HelpRenderer.Write(output, command, root, width());
            if (command == root)
                output.Write("\n" + Epilog + "\n");
            output.Flush();
            return 0;
        }
    }
}
