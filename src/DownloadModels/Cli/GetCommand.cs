using System.CommandLine;
using DownloadModels.Engine;
using DownloadModels.Hub;
using DownloadModels.Presets;

namespace DownloadModels.Cli;

/// <summary>`get REPO...`: any repo into the same cache with the same engine, filtered like huggingface_hub.</summary>
internal sealed class GetCommand
{
    public Command Command { get; } = new("get", "Download any Hub repo (all files, or those the patterns select) into the cache.");

    public Argument<string[]> Repos { get; } = new("REPO")
    {
        Description = "Repo ids, e.g. intfloat/multilingual-e5-small.",
        Arity = ArgumentArity.OneOrMore,
    };

    public Option<string> Revision { get; } = new("--revision")
    {
        Description = "Branch, tag or commit to download. Default: main.",
        HelpName = "REV",
        DefaultValueFactory = _ => ModelSpec.DefaultRevision,
    };

    public Option<string[]> Include { get; } = new("--include")
    {
        Description = "Only files matching this pattern (fnmatch; '*' also matches '/'; 'dir/' means everything below). Repeatable.",
        HelpName = "GLOB",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Exclude { get; } = new("--exclude")
    {
        Description = "Skip files matching this pattern (same rules). Repeatable.",
        HelpName = "GLOB",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string> RepoType { get; } = new("--repo-type")
    {
        Description = "model, dataset or space. Default: model.",
        HelpName = "TYPE",
        DefaultValueFactory = _ => "model",
    };

    public GetCommand()
    {
        Command.Arguments.Add(Repos);
        Command.Options.Add(Revision);
        Command.Options.Add(Include);
        Command.Options.Add(Exclude);
        Command.Options.Add(RepoType);
    }

    public IReadOnlyList<ModelRequest> Requests(ParseResult parse)
    {
        var type = parse.GetValue(RepoType) switch
        {
            "model" => Hub.RepoType.Model,
            "dataset" => Hub.RepoType.Dataset,
            "space" => Hub.RepoType.Space,
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
