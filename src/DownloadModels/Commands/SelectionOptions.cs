using System.CommandLine;
using DownloadModels.Engine;

namespace DownloadModels.Commands;

/// <summary>
/// The selection every command after `get` shares (pack, verify, mirror...): either the drop-in flags
/// (--only, --whisper-model; the pipeline's models by default) or get-style repo ids with their options.
/// </summary>
internal sealed class SelectionOptions
{
    public DropInSelection DropIn { get; } = new();
    public RepoSelection Repos { get; } = new(ArgumentArity.ZeroOrMore);

    public void AddTo(Command command)
    {
        DropIn.AddTo(command);
        Repos.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(Repos.Repos) is { Length: > 0 })
            {
                if (result.GetResult(DropIn.WhisperModel) is not null || result.GetResult(DropIn.Only) is not null)
                    result.AddError("give either repo ids or --only/--whisper-model, not both.");
            }
            else if (new Option[] { Repos.Revision, Repos.Include, Repos.Exclude, Repos.Type }.Any(o => result.GetResult(o) is { Implicit: false }))
            {
                result.AddError("--revision, --include, --exclude and --repo-type need repo ids (e.g. org/name).");
            }
        });
    }

    public IReadOnlyList<ModelRequest> Requests(ParseResult parse, RunContext context) =>
        Repos.HasRepos(parse) ? Repos.Requests(parse, context.Settings.Connection.Endpoint) : DropIn.Requests(parse, context.Env);
}
