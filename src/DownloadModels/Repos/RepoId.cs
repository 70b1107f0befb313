using System.Text.RegularExpressions;

namespace DownloadModels.Repos;

/// <summary>A validated repository id ("org/name" or "name") with the paths derived from it.</summary>
internal sealed partial record RepoId(RepoType Type, string Id)
{
    /// <summary>"models", "datasets" or "spaces": the word used both in API URLs and cache folder names.</summary>
    public string TypePlural => Type switch
    {
        RepoType.Dataset => "datasets",
        RepoType.Space => "spaces",
        _ => "models",
    };

    /// <summary>Prefix of /resolve/ URLs: models have none, datasets and spaces carry their type.</summary>
    public string UrlPrefix => Type == RepoType.Model ? Id : $"{TypePlural}/{Id}";

    public override string ToString() => Id;

    /// <summary>
    /// Validates like huggingface_hub's <c>validate_repo_id</c>: an optional namespace, a name of word
    /// characters, '-' and '.', at most 96 characters, no "--" or "..", not ending in ".git".
    /// Checking before any request keeps a typo from turning into a confusing 401.
    /// </summary>
    public static bool TryParse(string text, RepoType type, out RepoId? repo, out string error)
    {
        repo = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a repository id is empty: give it as org/name (e.g. intfloat/multilingual-e5-small).";
            return false;
        }

        if (text.Length > 96 + 1 + 96 || !RepoIdPattern().IsMatch(text)
            || text.Contains("--", StringComparison.Ordinal) || text.Contains("..", StringComparison.Ordinal)
            || text.EndsWith(".git", StringComparison.Ordinal))
        {
            error = $"'{Printable(text)}' is not a valid repository id: use org/name with letters, digits, '-', '_' and '.' (no '--' or '..', at most 96 characters each).";
            return false;
        }

        repo = new RepoId(type, text);
        error = "";
        return true;
    }

    internal static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));

    [GeneratedRegex(@"^([A-Za-z0-9_][A-Za-z0-9_.\-]{0,95}/)?[A-Za-z0-9_][A-Za-z0-9_.\-]{0,95}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RepoIdPattern();
}
