using DownloadModels.Filtering;

namespace DownloadModels.Presets;

/// <summary>
/// What to fetch from one repo. <see cref="Label"/> is "stt"/"tts"/"embeddings" for presets and the repo
/// id for ad-hoc requests. <see cref="OptionalFiles"/> are files a library asks for that may not exist;
/// the engine writes <c>.no_exist/{commit}/{path}</c> markers for those the tree lacks.
/// </summary>
internal sealed record ModelSpec(
    string Label,
    string RepoId,
    string Revision,
    IReadOnlyList<string> Include,
    IReadOnlyList<string> Exclude,
    IReadOnlyList<FileFallback> Fallbacks,
    IReadOnlyList<string> OptionalFiles)
{
    public const string DefaultRevision = "main";

    /// <summary>
    /// The file or folder a hf:// URI or a web URL named (its include patterns select it): the selection must
    /// find something there, or the model fails as huggingface_hub's would. Null for patterns and presets.
    /// </summary>
    public string? PathInRepo { get; init; }

    /// <summary>The one file named after the repo, as `hf download REPO FILE` takes it: get prints its path, not the snapshot's.</summary>
    public string? NamedFile { get; init; }

    /// <summary>A user-named repo: label is the repo id, no fallbacks or optional files.</summary>
    public static ModelSpec ForRepo(
        string repoId,
        IReadOnlyList<string> include,
        IReadOnlyList<string> exclude,
        string revision = DefaultRevision) =>
        new(repoId, repoId, revision, include, exclude, [], []);

    /// <summary>
    /// The files to download, in ordinal order: those the include/exclude patterns keep, plus each
    /// fallback whose preferred file the tree lacks (when the fallback itself exists).
    /// </summary>
    public IReadOnlyList<string> Select(IEnumerable<string> treeFilePaths)
    {
        ArgumentNullException.ThrowIfNull(treeFilePaths);
        var tree = new HashSet<string>(treeFilePaths, StringComparer.Ordinal);
        var filter = new PathFilter(Include, Exclude);
        var selected = new SortedSet<string>(tree.Where(filter.IsMatch), StringComparer.Ordinal);
        foreach (var fallback in Fallbacks)
        {
            if (!tree.Contains(fallback.Preferred) && tree.Contains(fallback.Fallback))
            {
                selected.Add(fallback.Fallback);
            }
        }

        return [.. selected];
    }

    /// <summary>The optional files the tree lacks, in declaration order (no duplicates).</summary>
    public IReadOnlyList<string> MissingOptional(IEnumerable<string> treeFilePaths)
    {
        ArgumentNullException.ThrowIfNull(treeFilePaths);
        var tree = new HashSet<string>(treeFilePaths, StringComparer.Ordinal);
        return OptionalFiles.Where(f => !tree.Contains(f)).Distinct(StringComparer.Ordinal).ToArray();
    }
}
