using DownloadModels.Repos;

namespace DownloadModels.Engine;

/// <summary>
/// The selection (include/exclude patterns, or a preset's file list) keeps no file of the commit: a typo in
/// a pattern must fail the repo, naming the patterns, rather than "succeed" with nothing downloaded.
/// </summary>
internal sealed class EmptySelectionException(string message) : Exception(message)
{
    public static EmptySelectionException For(ModelRequest request, string commit, int filesInCommit)
    {
        var spec = request.Spec;
        var where = $"{request.Repo} @ {request.Revision} ({RevisionName.ShortCommit(commit)})";
        if (filesInCommit == 0)
            return new($"{where} has no files at all.");
        if (spec.PathInRepo is { } path)
            return new($"{request.Repo}: no file or folder '{RepoId.Printable(path)}' at {request.Revision} ({RevisionName.ShortCommit(commit)}); check the path in the hf:// URI or web URL.");
        var include = Quoted(spec.Include);
        var exclude = Quoted(spec.Exclude);
        var message = (spec.Include.Count, spec.Exclude.Count) switch
        {
            ( > 0, 0) => $"no file of {where} matches --include {include} ({filesInCommit} files checked); check the pattern (fnmatch, case-sensitive, 'dir/' for a folder).",
            ( > 0, _) => $"no file of {where} matches --include {include} without also matching --exclude {exclude}; check the patterns.",
            _ => $"--exclude {exclude} leaves no file of {where}; check the patterns.",
        };
        return new(message);
    }

    private static string Quoted(IReadOnlyList<string> patterns) => string.Join(" ", patterns.Select(p => $"'{RepoId.Printable(p)}'"));
}
