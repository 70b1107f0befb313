using System.CommandLine;
using DownloadModels.Contract;
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
    }

    public IReadOnlyList<ModelRequest> Requests(ParseResult parse, AppEnvironment env)
    {
        if (Repos.HasRepos(parse))
        {
            if (DropIn.IsUsed(parse))
                throw new UsageException("give either repo ids or --only/--whisper-model, not both.");
            return Repos.Requests(parse);
        }

        if (Repos.HasRepoOptions(parse))
            throw new UsageException("--revision, --include, --exclude and --repo-type need repo ids (e.g. org/name).");
        return DropIn.Requests(parse, env);
    }
}
