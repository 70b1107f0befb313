using System.CommandLine;
using DownloadModels.Cache;
using DownloadModels.Removal;
using DownloadModels.Contract;
using DownloadModels.Output;
using DownloadModels.Output.Json;
using DownloadModels.Repos;
using DownloadModels.Settings;

namespace DownloadModels.Commands;

/// <summary>
/// `rm REPO[@REVISION]...`: removes a repo from the cache, or one revision of it (its snapshot, the refs pointing at
/// it, the blobs no other snapshot uses), as <c>hf cache rm</c> does, under huggingface_hub's locks and never
/// through a link. Only repo ids (and repo-level hf:// URIs) are accepted. Exit code N = targets not removed
/// because a running download holds them or a deletion failed.
/// </summary>
internal sealed class RmCommand
{
    private readonly Argument<string[]> _targets = new("REPO")
    {
        Description = "org/name (the whole repo), org/name@REVISION (a branch, tag or commit), model/org/name, dataset/org/name or space/org/name (as list -q prints them), or hf://[datasets/|spaces/]org/name[@REVISION].",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<string> _type = new("--repo-type")
    {
        Description = "model, dataset or space, for plain ids. Default: model.",
        HelpName = "TYPE",
        DefaultValueFactory = _ => "model",
    };

    private readonly Option<bool> _yes = new("--yes", "-y")
    {
        Description = "Do not ask: on a terminal rm asks before removing anything (elsewhere it never asks).",
    };

    public RmCommand(AppEnvironment env, CommonOptions common)
    {
        Command.Arguments.Add(_targets);
        Command.Options.Add(_type);
        Command.Options.Add(_yes);
        common.AddCache(Command);
        common.AddDryRun(Command);
        common.Output.AddTo(Command, progress: false);
        _targets.Validators.Add(result =>
        {
            foreach (var text in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!TryParse(text, RepoType.Model, out _, out var error))
                    result.AddError(error);
            }
        });
        _type.Validators.Add(result =>
        {
            if (ParseType(result.GetValueOrDefault<string>() ?? "") is null)
                result.AddError($"--repo-type '{result.GetValueOrDefault<string>()}' is not valid: use model, dataset or space.");
        });
        Command.SetAction((parse, ct) => CommandGuard.RunAsync(env, parse, ct, () => Task.FromResult(Run(parse, env, common))));
    }

    public Command Command { get; } = new("rm", HelpText.Describe(
        "Remove repos or revisions from the cache (with --dry-run: show what would go). Waits for nothing: what a running download holds is left alone.",
        "download-models rm BAAI/bge-m3                           # the whole repo",
        "download-models rm openai/whisper-tiny@v1.0 --dry-run    # one revision: what would go",
        "download-models rm hf://datasets/org/data --json           # one JSON document: what went, bytes freed",
        "download-models list -q --filter 'accessed>90d' | xargs download-models rm -y"));

    private int Run(ParseResult parse, AppEnvironment env, CommonOptions common)
    {
        var type = ParseType(parse.GetValue(_type)!)!.Value;
        var targets = new List<RemovalTarget>();
        foreach (var text in (parse.GetValue(_targets) ?? []).Distinct(StringComparer.Ordinal))
        {
            if (text.StartsWith(HubUri.Scheme, StringComparison.Ordinal) && parse.GetResult(_type) is { Implicit: false })
                throw new UsageException($"--repo-type cannot be used with a hf:// URI ('{RepoId.Printable(text)}'): put the type in it (hf://datasets/org/name).");
            targets.Add(TryParse(text, type, out var target, out var error) ? target! : throw new UsageException(error));
        }

        // Only the cache location matters: a bad endpoint or token setting must not stop a cleanup.
        var location = CacheLocator.Resolve(parse.GetValue(common.CacheDir), env.GetEnv, env.CurrentDirectory, env.HomeDirectory);
        var (dryRun, output) = (parse.GetValue(common.DryRun), common.Output.Read(parse));
        Preamble.WriteCache(env.Error, location, output.Quiet);
        if (!dryRun && !parse.GetValue(_yes) && env.Confirm is { } confirm)
        {
            var names = string.Join(", ", targets.Select(t => $"{t.Repo.Type.ToString().ToLowerInvariant()}/{t.Repo.Id}{(t.Revision is null ? "" : "@" + t.Revision)}"));
            if (!confirm($"Remove {names} from {location.HubCacheDir}?"))
            {
                const string NotConfirmed = "Nothing removed: not confirmed (give --yes to skip the question).";
                env.Error.WriteLine(NotConfirmed);
                if (output.Json)
                    JsonReport.Write(env.Out, RemovalDocument.Failed("rm", ExitCodes.Usage, new ErrorDocument(ErrorCodes.Usage, NotConfirmed)));
                return ExitCodes.Usage;
            }
        }

        var outcomes = new CacheCleaner(new HubCache(location.HubCacheDir), dryRun).Remove(targets);
        var exitCode = ExitCodes.ForFailures(outcomes.Count(o => o.Failed));
        if (output.Json)
            JsonReport.Write(env.Out, RemovalDocument.Of("rm", dryRun, location.HubCacheDir, outcomes, exitCode));
        else
            CleanupReport.Write(env.Out, outcomes, dryRun, output.Quiet, "Nothing removed.");
        return exitCode;
    }

    /// <summary>A repo id with an optional <c>@REVISION</c>, or a hf:// URI naming a repo (no file): nothing else is a target.</summary>
    private static bool TryParse(string text, RepoType type, out RemovalTarget? target, out string error)
    {
        target = null;
        if (text.StartsWith(HubUri.Scheme, StringComparison.Ordinal))
        {
            if (!HubUri.TryParse(text, null, out var uri, out error))
                return false;
            if (uri!.Path.Length > 0)
            {
                error = $"'{RepoId.Printable(text)}' names a file or folder: rm removes repos and revisions (give hf://org/name[@REVISION]).";
                return false;
            }

            target = new RemovalTarget(new RepoId(uri.Type, uri.Id), uri.Revision);
            return true;
        }

        // model/org/name, dataset/org/name, space/org/name: the type in front, as list -q and hf cache ls print
        // ids. A repo id has two parts at most, so a third one makes the first a type, never an owner.
        foreach (var (prefix, prefixed) in TypePrefixes)
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal) && text[prefix.Length..].Split('@')[0].Contains('/', StringComparison.Ordinal))
            {
                text = text[prefix.Length..];
                type = prefixed;
                break;
            }
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        var (id, revision) = at < 0 ? (text, null) : (text[..at], text[(at + 1)..]);
        if (!RepoId.TryParse(id, type, out var repo, out error))
            return false;
        if (revision is not null && RevisionName.Validate(revision) is { } revisionError)
        {
            error = revisionError;
            return false;
        }

        target = new RemovalTarget(repo!, revision);
        return true;
    }

    private static readonly (string Prefix, RepoType Type)[] TypePrefixes =
        [("model/", RepoType.Model), ("dataset/", RepoType.Dataset), ("space/", RepoType.Space)];

    private static RepoType? ParseType(string text) => text switch
    {
        "model" => RepoType.Model,
        "dataset" => RepoType.Dataset,
        "space" => RepoType.Space,
        _ => null,
    };
}
