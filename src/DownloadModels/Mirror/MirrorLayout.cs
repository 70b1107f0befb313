using DownloadModels.Repos;

namespace DownloadModels.Mirror;

/// <summary>
/// Where each Hub URL this tool requests lives as a plain file under the mirror folder, so a static
/// server answers it with no logic: the query string is ignored by static servers, so
/// <c>tree/{commit}?recursive=true&amp;expand=false</c> is the file <c>tree/{commit}</c>. A revision with a
/// '/' (<c>refs/pr/1</c>) travels percent-encoded as one segment; nginx, Caddy, object stores and Python's
/// http.server decode <c>%2F</c> and look for nested folders, while Kestrel (and Apache with
/// AllowEncodedSlashes NoDecode) keep it literal, so both spellings are written.
/// </summary>
internal sealed class MirrorLayout(string root)
{
    /// <summary>Files of the tool itself (the nginx header maps); a repo id cannot start with '.', so no repo collides.</summary>
    public const string ToolFolder = ".download-models";

    public string Root { get; } = Path.GetFullPath(root);

    public string HeadersConfPath => Path.Combine(Root, ToolFolder, "nginx-hub-headers.conf");

    /// <summary><c>api/{models|datasets|spaces}/{id}</c>: the repo's API folder.</summary>
    public string ApiFolder(RepoId repo) => Combine(Root, $"api/{repo.TypePlural}/{repo.Id}");

    /// <summary><c>{prefix}{id}/resolve</c>: the folder under which each commit's files live.</summary>
    public string ResolveFolder(RepoId repo) => Combine(Root, $"{repo.UrlPrefix}/resolve");

    public string CommitFolder(RepoId repo, string commit) => Path.Combine(ResolveFolder(repo), commit);

    public string FilePath(RepoId repo, string commit, string repoPath) => Combine(CommitFolder(repo, commit), repoPath);

    /// <summary>The answer to <c>GET api/.../revision/{rev}</c>, in each spelling a static server may look for.</summary>
    public IReadOnlyList<string> RevisionPaths(RepoId repo, string revision) =>
        Spellings(revision).Select(r => Combine(ApiFolder(repo), "revision/" + r)).ToArray();

    /// <summary>The answer to <c>GET api/.../tree/{rev}?recursive=true&amp;expand=false</c>, in each spelling.</summary>
    public IReadOnlyList<string> TreePaths(RepoId repo, string revision) =>
        Spellings(revision).Select(r => Combine(ApiFolder(repo), "tree/" + r)).ToArray();

    /// <summary>
    /// <c>resolve/{rev}</c> as relative symlinks to the commit's folder (what the Python libraries ask
    /// for; this tool always asks for the commit), each with its target.
    /// </summary>
    public IReadOnlyList<(string Link, string Target)> RevisionLinks(RepoId repo, string revision, string commit) =>
        Spellings(revision)
            .Select(r => (Combine(ResolveFolder(repo), r), string.Concat(Enumerable.Repeat("../", r.Count(c => c == '/'))) + commit))
            .ToArray();

    /// <summary>The decoded spelling (nested folders) first, then, for a revision with '/', the literal <c>%2F</c> one.</summary>
    public static IReadOnlyList<string> Spellings(string revision) =>
        revision.Contains('/') ? [revision, revision.Replace("/", "%2F", StringComparison.Ordinal)] : [revision];

    /// <summary>
    /// True when <paramref name="path"/> is the mirror folder or inside it (the cache must not be: the
    /// mirror's files are the cache's blobs, and a cache inside a served folder would publish it whole).
    /// </summary>
    public bool Contains(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var root = Path.TrimEndingDirectorySeparator(Root);
        return full == root || full.StartsWith(root + "/", StringComparison.Ordinal);
    }

    // Repo ids, revisions and repo paths are validated before they get here (RepoId, RevisionName, RepoPath).
    private static string Combine(string folder, string relative) => Path.Combine([folder, .. relative.Split('/')]);
}
