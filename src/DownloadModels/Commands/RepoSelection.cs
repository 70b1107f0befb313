using System.CommandLine;
using DownloadModels.Contract;
using DownloadModels.Filtering;
using DownloadModels.Engine;
using DownloadModels.Presets;
using DownloadModels.Repos;

namespace DownloadModels.Commands;

/// <summary>
/// Repo ids with --revision/--include/--exclude/--repo-type: how `get` (and pack, verify, mirror)
/// name any repo. Patterns follow huggingface_hub: fnmatch, '*' also matches '/', 'dir/' = below dir.
/// A repo may also be a hf:// URI or a web URL (<see cref="HubUri"/>), which carries its own type and revision
/// and may name one file or folder.
/// </summary>
internal sealed class RepoSelection
{
    public RepoSelection(ArgumentArity arity)
    {
        Repos = new Argument<string[]>("REPO")
        {
            Description = "Repo ids (intfloat/multilingual-e5-small), hf:// URIs (hf://datasets/org/name@v1/data/) or Hub web URLs.",
            Arity = arity,
        };
        // The id's syntax does not depend on its type, so it is checked while parsing, as every value below. A web
        // URL is checked once the endpoint is known (its host may be the endpoint's).
        Repos.Validators.Add(result =>
        {
            foreach (var id in result.GetValueOrDefault<string[]>() ?? [])
            {
                var error = "";
                var valid = HubUri.IsUriLike(id)
                    ? !id.StartsWith(HubUri.Scheme, StringComparison.Ordinal) || HubUri.TryParse(id, null, out _, out error)
                    : RepoId.TryParse(id, DownloadModels.Repos.RepoType.Model, out _, out error);
                if (!valid)
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


    /// <summary>
    /// The validated values as requests, one per distinct id; web URLs are recognized on <paramref name="endpoint"/>'s host too.
    /// With <paramref name="filesAfterRepo"/> (get), `REPO FILE...` is read as hf download reads it: those files of that repo.
    /// </summary>
    public IReadOnlyList<ModelRequest> Requests(ParseResult parse, Uri endpoint, bool filesAfterRepo = false)
    {
        var type = ParseType(parse.GetValue(Type)!)!.Value;
        var revision = parse.GetValue(Revision)!;
        var include = parse.GetValue(Include) ?? [];
        var exclude = parse.GetValue(Exclude) ?? [];
        var ids = (parse.GetValue(Repos) ?? []).Distinct(StringComparer.Ordinal).ToArray();
        if (filesAfterRepo && ids.Length >= 2 && !HubUri.IsUriLike(ids[0]) && FilesAfterRepo(ids, include, exclude, revision, type) is { } named)
            return [named];
        if (ids.FirstOrDefault(HubUri.IsUriLike) is { } firstUri)
        {
            // As in `hf download`: a URI is authoritative for the type and the revision.
            foreach (var option in (Option[])[Revision, Type])
            {
                if (parse.GetResult(option) is { Implicit: false })
                    throw new UsageException($"{option.Name} cannot be used with a hf:// URI or a web URL ('{RepoId.Printable(firstUri)}'): put the revision after '@', the type in front (hf://datasets/org/name@v1).");
            }
        }

        return ids.Select(id => HubUri.IsUriLike(id) ? FromUri(id, endpoint, include, exclude)
                : new ModelRequest(ModelSpec.ForRepo(id, include, exclude, revision), new RepoId(type, id)))
            .ToArray();
    }

    /// <summary>
    /// `REPO FILE...`: every argument after the first looks like a file path (a dotted extension, or more than
    /// one '/') — that repo with exactly those files. Files among repos are refused before anything is fetched.
    /// </summary>
    private static ModelRequest? FilesAfterRepo(string[] ids, string[] include, string[] exclude, string revision, DownloadModels.Repos.RepoType type)
    {
        var rest = ids[1..];
        var files = rest.Where(LooksLikeFile).ToArray();
        if (files.Length == 0)
            return null;
        if (files.Length < rest.Length)
        {
            throw new UsageException($"'{RepoId.Printable(files[0])}' looks like a file and '{RepoId.Printable(rest.First(r => !LooksLikeFile(r)))}' like a repo: " +
                $"for files of one repo name the repo then its files (download-models get {RepoId.Printable(ids[0])} {RepoId.Printable(files[0])}), " +
                $"or filter: download-models get {RepoId.Printable(ids[0])} --include {RepoId.Printable(files[0])}");
        }

        if (include.Length > 0 || exclude.Length > 0)
            throw new UsageException($"name the files of {RepoId.Printable(ids[0])} or give --include/--exclude, not both.");
        var spec = ModelSpec.ForRepo(ids[0], [.. files.Select(PathFilter.Literal)], [], revision) with { NamedFile = files.Length == 1 ? files[0] : null };
        return new ModelRequest(spec, new RepoId(type, ids[0]));
    }

    /// <summary>"config.json", "onnx/model.onnx", "a/b/c": a file's path rather than a repo id ("org/name", "Qwen/Qwen2.5-7B").</summary>
    private static bool LooksLikeFile(string text)
    {
        if (HubUri.IsUriLike(text))
            return false;
        if (text.Count(c => c == '/') > 1)
            return true;
        var name = text[(text.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        return dot > 0 && dot < name.Length - 1 && name.Length - dot - 1 <= 16 && name[(dot + 1)..].All(char.IsAsciiLetterOrDigit)
            && name[(dot + 1)..].Any(char.IsAsciiLetter);
    }

    /// <summary>A URI's repo at its revision; a path in it selects that file, or everything below that folder.</summary>
    private static ModelRequest FromUri(string text, Uri endpoint, string[] include, string[] exclude)
    {
        if (!HubUri.TryParse(text, endpoint, out var uri, out var error))
            throw new UsageException(error);
        var spec = ModelSpec.ForRepo(uri!.Id, include, exclude, uri.Revision ?? ModelSpec.DefaultRevision);
        if (uri.Path.Length > 0)
        {
            if (include.Length > 0 || exclude.Length > 0)
                throw new UsageException($"'{RepoId.Printable(text)}' names a file or folder already: drop --include/--exclude, or name the repo alone and filter with them.");
            var literal = PathFilter.Literal(uri.Path);
            spec = ModelSpec.ForRepo(uri.Id, uri.IsFolder ? [literal + "/"] : [literal, literal + "/"], [], spec.Revision) with { PathInRepo = uri.Path };
        }

        return new ModelRequest(spec, new RepoId(uri.Type, uri.Id));
    }

    private static DownloadModels.Repos.RepoType? ParseType(string text) => text switch
    {
        "model" => DownloadModels.Repos.RepoType.Model,
        "dataset" => DownloadModels.Repos.RepoType.Dataset,
        "space" => DownloadModels.Repos.RepoType.Space,
        _ => null,
    };
}
