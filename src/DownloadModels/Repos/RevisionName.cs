namespace DownloadModels.Repos;

/// <summary>
/// Checks a revision (branch, tag, "refs/pr/N" or commit) before it is used in a URL and, above all,
/// as a path under <c>refs/</c>: a revision like "../../x" must never write outside the repo folder.
/// </summary>
internal static class RevisionName
{
    public const int MaxLength = 256;

    public static string? Validate(string revision)
    {
        if (string.IsNullOrEmpty(revision))
            return "the revision is empty: give a branch, tag or commit (e.g. --revision main).";
        if (revision.Length > MaxLength)
            return $"the revision is longer than {MaxLength} characters.";
        if (revision.Any(c => char.IsControl(c) || c == '\\'))
            return $"the revision '{RepoId.Printable(revision)}' contains a control character or a backslash.";
        var segments = revision.Split('/');
        if (segments.Any(s => s.Length == 0 || s == "." || s == ".."))
            return $"the revision '{revision}' has an empty, '.' or '..' path segment.";
        return null;
    }

    /// <summary>True for a full 40-hex commit id, which needs no ref file.</summary>
    public static bool IsCommitHash(string revision) => Hex.IsLower(revision, Hex.Sha1Length);

    /// <summary>The first 7 hex digits, as git abbreviates a commit.</summary>
    public static string ShortCommit(string commit) => commit.Length > 7 ? commit[..7] : commit;
}
