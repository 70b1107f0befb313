namespace DownloadModels.Inspection;

/// <summary>
/// What <c>list --filter/--sort/--limit</c> keep of a scan, in <c>hf cache ls</c>'s order of work: every filter,
/// then the sort, then the first <see cref="Limit"/> repos. The cache-wide figures (size on disk, issues, the
/// shared store) stay those of the whole cache; <see cref="Matched"/> says how many repos were kept before the limit.
/// </summary>
internal sealed record ListQuery(IReadOnlyList<ListFilter> Filters, ListSort? Sort, int? Limit)
{
    public bool IsEmpty => Filters.Count == 0 && Sort is null && Limit is null;

    /// <summary>The listing with only the repos kept, in order; and how many matched the filters.</summary>
    public (CacheListing Listing, int Matched) Apply(CacheListing listing, DateTime now)
    {
        var repos = listing.Repos.Where(r => Filters.All(f => f.Matches(r, now)));
        if (Sort is not null)
            repos = Sort.Apply(repos);
        var kept = repos.ToArray();
        return (listing with { Repos = Limit is { } limit ? kept[..Math.Min(limit, kept.Length)] : kept }, kept.Length);
    }
}
