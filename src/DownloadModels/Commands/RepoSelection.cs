using System.CommandLine;
using DownloadModels.Contract;
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
    }

    public Argument<string[]> Repos { get; }

    public Option<string> Revision { get; } = new("--revision")
    {
        Description = "Branch, tag or commit. Default: main.",
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

    public Option<string> RepoType { get; } = new("--repo-type")
    {
        Description = "model, dataset or space. Default: model.",
        HelpName = "TYPE",
        DefaultValueFactory = _ => "model",
    };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Repos);
        command.Options.Add(Revision);
        command.Options.Add(Include);
        command.Options.Add(Exclude);
        command.Options.Add(RepoType);
    }

    public bool HasRepos(ParseResult parse) => parse.GetValue(Repos) is { Length: > 0 };

    /// <summary>True when any of the repo-only options was given explicitly (they mean nothing without repos).</summary>
    public bool HasRepoOptions(ParseResult parse) =>
        new Option[] { Revision, Include, Exclude, RepoType }.Any(o => parse.GetResult(o) is { Implicit: false });

    public IReadOnlyList<ModelRequest> Requests(ParseResult parse)
    {
        var type = parse.GetValue(RepoType) switch
        {
            "model" => DownloadModels.Repos.RepoType.Model,
            "dataset" => DownloadModels.Repos.RepoType.Dataset,
            "space" => DownloadModels.Repos.RepoType.Space,
            var other => throw new UsageException($"--repo-type '{other}' is not valid: use model, dataset or space."),
        };
        var revision = parse.GetValue(Revision)!;
        if (RevisionName.Validate(revision) is { } revisionError)
            throw new UsageException(revisionError);
        var include = parse.GetValue(Include) ?? [];
        var exclude = parse.GetValue(Exclude) ?? [];
        if (include.Concat(exclude).Any(string.IsNullOrEmpty))
            throw new UsageException("an --include or --exclude pattern is empty.");

        var requests = new List<ModelRequest>();
        foreach (var id in (parse.GetValue(Repos) ?? []).Distinct(StringComparer.Ordinal))
        {
            if (!RepoId.TryParse(id, type, out var repo, out var error))
                throw new UsageException(error);
            requests.Add(new ModelRequest(ModelSpec.ForRepo(id, include, exclude, revision), repo!));
        }

        return requests;
    }
}
