using System.CommandLine;

namespace DownloadModels.Commands;

/// <summary>`get REPO...`: any repo into the same cache with the same engine, filtered like huggingface_hub.</summary>
internal sealed class GetCommand
{
    private readonly RepoSelection _selection = new(ArgumentArity.OneOrMore);
    private readonly DestinationOptions _destination = new();

    public GetCommand(AppEnvironment env, CommonOptions common)
    {
        _selection.AddTo(Command);
        _destination.AddTo(Command, common);
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, ct, async () =>
        {
            using var context = RunContext.Create(parse, common, env, _destination);
            return await DownloadRun.RunAsync(context, _selection.Requests(parse, context.Settings.Connection.Endpoint), ct);
        }));
    }

    public Command Command { get; } = new("get", "Download any Hub repo (all files, or those the patterns select) into the cache.");
}
