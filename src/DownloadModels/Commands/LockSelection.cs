using System.CommandLine;
using DownloadModels.Engine;

namespace DownloadModels.Commands;

/// <summary>
/// --lock FILE for pack and mirror (and sbom): exactly the locked models, commits and files instead of a
/// selection, so an air-gapped host gets the very set the lock names.
/// </summary>
internal sealed class LockSelection
{
    public Option<string?> Lock { get; } = new("--lock")
    {
        Description = "Take exactly the models, commits and files of this lockfile (e.g. download-models.lock) instead of a selection.",
        HelpName = "FILE",
    };

    /// <summary>Adds --lock to a command whose selection it replaces: either one or the other.</summary>
    public void AddTo(Command command, SelectionOptions selection)
    {
        command.Options.Add(Lock);
        command.Validators.Add(result =>
        {
            if (result.GetResult(Lock) is null)
                return;
            Option[] others = [selection.DropIn.WhisperModel, selection.DropIn.Only, selection.Repos.Revision, selection.Repos.Include, selection.Repos.Exclude, selection.Repos.Type];
            if (result.GetValue(selection.Repos.Repos) is { Length: > 0 } || others.Any(o => result.GetResult(o) is { Implicit: false }))
                result.AddError("give either --lock FILE or a selection (repo ids, --only, --whisper-model), not both.");
        });
    }

    public string? Path(ParseResult parse, AppEnvironment env) =>
        parse.GetValue(Lock) is { } file ? System.IO.Path.GetFullPath(file, env.CurrentDirectory) : null;

    /// <summary>The locked requests, or null without --lock.</summary>
    public IReadOnlyList<ModelRequest>? Requests(ParseResult parse, AppEnvironment env) =>
        Path(parse, env) is { } path
            ? [.. ManifestLocation.RequireLock(path, "give the lock written by 'download-models lock'.").Models.Select(m => m.ToRequest())]
            : null;
}
