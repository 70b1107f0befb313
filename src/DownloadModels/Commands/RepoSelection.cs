using System.CommandLine;
using DownloadModels.Engine;
using DownloadModels.Presets;
using DownloadModels.Repos;

namespace DownloadModels.Commands;

/// <summary>
/// Repo ids with --revision/--include/--exclude/--repo-type: how `get` (and pack, verify, mirror)
/// name any repo. Patterns follow huggingface_hub: fnmatch, '*' also matches '/', 'dir/' = below dir.
/// </summary>
internal sealed class RepoSelection
{
    public RepoSelection(ArgumentArity arity)
    {
        Repos = new Argument<string[]>("REPO") { Description = "Repo ids, e.g. intfloat/multilingual-e5-small.", Arity = arity };
        // The id's syntax does not depend on its type, so it is checked while parsing, as every value below.
        Repos.Validators.Add(result =>
        {
            foreach (var id in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!RepoId.TryParse(id, DownloadModels.Repos.RepoType.Model, out _, out var error))
                    result.AddError(error);
            }
        });
        Revision.Validators.Add(result =>
        {
            if (RevisionName.Validate(result.GetValueOrDefault<string>() ?? "") is { } error)
                result.AddError(error);
        });
        Type.OneOf(["model", "dataset", "space"]);
        Revision.NoOptionAsValue();
        foreach (var patterns in (Option<string[]>[])[Include, Exclude])
        {
            patterns.Validators.Add(result =>
            {
                if ((result.GetValueOrDefault<string[]>() ?? []).Any(string.IsNullOrEmpty))
                    result.AddError($"an {result.Option.Name} pattern is empty.");
            });
        }
    }

    public Argument<string[]> Repos { get; }

    public Option<string> Revision { get; } = new("--revision")
    {
        Description = "Branch, tag, refs/pr/N or commit.",
        HelpName = "REV",
        DefaultValueFactory = _ => ModelSpec.DefaultRevision,
    };

    public Option<string[]> Include { get; } = new("--include")
    {
        Description = "Only files matching this pattern (fnmatch; '*' also matches '/'; 'dir/' means everything below). Repeatable.",
        HelpName = "GLOB",
    };

    public Option<string[]> Exclude { get; } = new("--exclude")
    {
        Description = "Skip files matching this pattern (same rules). Repeatable.",
        HelpName = "GLOB",
    };

    public Option<string> Type { get; } = new("--repo-type")
    {
        Description = "model, dataset or space.",
        HelpName = "TYPE",
        DefaultValueFactory = _ => "model",
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Repos);
        command.Options.Add(Revision);
        command.Options.Add(Include);
        command.Options.Add(Exclude);
        command.Options.Add(Type);
    }

    public bool HasRepos(ParseResult parse) => parse.GetValue(Repos) is { Length: > 0 };


    /// <summary>The validated values as requests, one per distinct id.</summary>
    public IReadOnlyList<ModelRequest> Requests(ParseResult parse)
    {
        var type = ParseType(parse.GetValue(Type)!)!.Value;
        var revision = parse.GetValue(Revision)!;
        var include = parse.GetValue(Include) ?? [];
        var exclude = parse.GetValue(Exclude) ?? [];
        return (parse.GetValue(Repos) ?? []).Distinct(StringComparer.Ordinal)
            .Select(id => new ModelRequest(ModelSpec.ForRepo(id, include, exclude, revision), new RepoId(type, id)))
            .ToArray();
    }

    private static DownloadModels.Repos.RepoType? ParseType(string text) => text switch
    {
        "model" => DownloadModels.Repos.RepoType.Model,
        "dataset" => DownloadModels.Repos.RepoType.Dataset,
        "space" => DownloadModels.Repos.RepoType.Space,
        _ => null,
    };
}
