using System.CommandLine;

namespace DownloadModels.Commands;

/// <summary>`get REPO...`: any repo into the same cache with the same engine, filtered like huggingface_hub.</summary>
internal sealed class GetCommand
{
    public Command Command { get; } = new("get", "Download any Hub repo (all files, or those the patterns select) into the cache.");

    public RepoSelection Selection { get; } = new(ArgumentArity.OneOrMore);

    public GetCommand() => Selection.AddTo(Command);
}
