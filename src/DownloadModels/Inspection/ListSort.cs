namespace DownloadModels.Inspection;

/// <summary>
/// <c>list --sort KEY[:asc|:desc]</c>, as <c>hf cache ls</c> sorts: by <c>name</c> (type/id, A to Z by default),
/// <c>size</c>, <c>modified</c> or <c>accessed</c> (largest and newest first by default). Ties keep the
/// listing's own order (type, then id).
/// </summary>
internal sealed class ListSort
{
    public static readonly string[] Keys = ["accessed", "modified", "name", "size"];

    private readonly string _key;
    private readonly bool _descending;

    private ListSort(string key, bool descending) => (_key, _descending) = (key, descending);

    /// <summary>The order, or null and a line that says what is accepted.</summary>
    public static ListSort? Parse(string expression, out string? error)
    {
        error = null;
        var parts = expression.Trim().ToLowerInvariant().Split(':');
        var key = parts[0];
        var order = parts.Length == 2 ? parts[1] : null;
        if (!Keys.Contains(key) || parts.Length > 2 || order is not (null or "asc" or "desc"))
        {
            error = $"--sort '{expression}' is not KEY or KEY:asc / KEY:desc with KEY one of {string.Join(", ", Keys)}.";
            return null;
        }

        return new ListSort(key, order is null ? key != "name" : order == "desc");
    }

    public IEnumerable<RepoListing> Apply(IEnumerable<RepoListing> repos) => _key switch
    {
        "name" => Ordered(repos, r => $"{r.RepoType}/{r.RepoId}".ToLowerInvariant(), StringComparer.Ordinal),
        "size" => Ordered(repos, r => r.SizeOnDisk, Comparer<long>.Default),
        "modified" => Ordered(repos, r => r.LastModifiedUtc ?? DateTime.MinValue, Comparer<DateTime>.Default),
        _ => Ordered(repos, r => r.LastAccessedUtc ?? DateTime.MinValue, Comparer<DateTime>.Default),
    };

    private IEnumerable<RepoListing> Ordered<T>(IEnumerable<RepoListing> repos, Func<RepoListing, T> key, IComparer<T> comparer) =>
        _descending ? repos.OrderByDescending(key, comparer) : repos.OrderBy(key, comparer);
}
