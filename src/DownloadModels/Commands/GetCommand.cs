using System.CommandLine;

namespace DownloadModels.Commands;

/// <summary>
/// `get REPO...`: any repo into the same cache with the same engine, filtered like huggingface_hub. Its
/// result on stdout is each repo's snapshot folder, so a script can capture it.
/// </summary>
internal sealed class GetCommand
{
    private readonly RepoSelection _selection = new(ArgumentArity.OneOrMore);
    private readonly DestinationOptions _destination = new();

    public GetCommand(AppEnvironment env, CommonOptions common)
    {
        _selection.AddTo(Command);
        common.AddDownload(Command);
        _destination.AddTo(Command, common);
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, async () =>
        {
            using var context = RunContext.Create(parse, common, env, _destination);
            return await DownloadRun.RunAsync(context, _selection.Requests(parse, context.Settings.Connection.Endpoint, filesAfterRepo: true), ct);
        }));
    }

    public Command Command { get; } = new("get", HelpText.Describe(
        "Download any Hub repo (all files, or those the patterns select) into the cache; print each repo's snapshot folder on stdout.",
        "download-models get BAAI/bge-m3 --include '*.json' --include '*.safetensors'",
        "download-models get hexgrad/Kokoro-82M config.json              # one file, as hf download: prints its path",
        "MODEL_DIR=$(download-models get openai/whisper-tiny -q)    # the snapshot folder, for a script",
        "download-models get org/name --revision v1.0 --json         # one JSON document: commit, path, every file"));
}
