using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace DownloadModels.Commands;

/// <summary>The words of --help: what the tool is, then (after the options) examples, variables and exit codes.</summary>
internal static class HelpText
{
    public const string Description =
        "Downloads the voice pipeline's models (Whisper STT, Kokoro TTS, E5 embeddings) - or any Hub repo -\n" +
        "into the Hugging Face cache: verified, resumable, parallel. A drop-in for download_models.sh.";

    public const string Epilog = """
        Examples:
          download-models                                   # all three models (Whisper tiny)
          download-models --whisper-model small             # Whisper small instead of tiny
          download-models --only stt --whisper-model large-v3
          download-models --only tts                        # Kokoro only
          download-models --cache-dir /mnt/ci-cache         # cache in /mnt/ci-cache/hub
          download-models --dry-run                         # what is cached, what would be fetched
          download-models get BAAI/bge-m3 --include '*.json' --include '*.safetensors'
          download-models get hf://datasets/org/data@v1/train/   # hf:// URIs and Hub web URLs name a repo, a file or a folder
          download-models get BAAI/bge-m3 --local-dir ./bge-m3   # plain files in a folder, as hf download --local-dir
          download-models verify --repair                   # re-hash the cache, fetch again what is wrong
          download-models list                              # what the cache holds
          download-models rm BAAI/bge-m3                    # remove a repo (or REPO@REVISION); prune: what no ref keeps
          download-models pack models.tar.zst               # carry models to an offline host ...
          download-models unpack models.tar.zst             # ... and merge them there, verified
          download-models mirror /srv/mirror                # a static Hub endpoint for a fleet
          download-models init && download-models lock      # download-models.toml -> download-models.lock (commits, hashes)
          download-models sync --frozen                     # install exactly the lock (Docker builds, CI)
          download-models sbom -o models.cdx.json           # the locked set as a CycloneDX 1.6 SBOM

        Environment:
          WHISPER_MODEL            Whisper size when --whisper-model is not given (default tiny)
          HF_HOME, HF_HUB_CACHE, XDG_CACHE_HOME   where the cache is, as huggingface_hub reads them
          MODEL_CACHE_DIR          docker compose's bind-mount source (env or ./.env): cache in $MODEL_CACHE_DIR/huggingface
          HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HF_TOKEN_PATH   the token (never sent to the CDN, never printed)
          HF_ENDPOINT              a mirror instead of https://huggingface.co
          HF_HUB_OFFLINE           1/ON/YES/TRUE: no network at all (same as --offline)
          HF_HUB_DOWNLOAD_TIMEOUT  seconds of silence before a connection is retried (default 30)
          HTTPS_PROXY, HTTP_PROXY, NO_PROXY   proxies

        Exit codes:
          0    every model is in the cache and verified
          1    invalid usage (bad argument, invalid endpoint, cache folder not writable)
          N    N models (or repos, for get) failed; the others are complete
          130  interrupted by Ctrl+C; 143 by SIGTERM (partial files are kept; run again to resume)
        """;

    /// <summary>Appends <see cref="Epilog"/> to the root's help (only the root's: `get --help` stays short).</summary>
    public static void AddEpilog(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction inner)
            help.Action = new EpilogHelpAction(inner, root);
    }

    /// <summary>True when the parse asked for help (which must win over a missing required argument).</summary>
    public static bool IsHelp(ParseResult parse) => parse.Action is HelpAction or EpilogHelpAction;

    private sealed class EpilogHelpAction(HelpAction inner, RootCommand root) : SynchronousCommandLineAction
    {
        // Help is answered even when the rest of the command line has errors (e.g. `get --help` without REPO).
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var code = inner.Invoke(parseResult);
            if (parseResult.CommandResult.Command == root)
                parseResult.InvocationConfiguration.Output.WriteLine(Epilog);
            return code;
        }
    }
}
