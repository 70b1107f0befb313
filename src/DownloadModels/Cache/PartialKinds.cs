namespace DownloadModels.Cache;

/// <summary>What a file of a download in flight is: the bytes themselves, or a sidecar that describes them.</summary>
internal enum PartialRole
{
    /// <summary>The partial blob's bytes (listed with its size by <c>list</c>).</summary>
    Data,

    /// <summary>A file describing the bytes (which ranges are written); removed with them, never listed alone.</summary>
    Sidecar,
}

/// <summary>One kind of file a download in flight leaves in a repo's <c>blobs/</c>: <c>{etag}{Suffix}</c>.</summary>
internal sealed record PartialKind(string Suffix, PartialRole Role);

/// <summary>
/// THE ONE PLACE that knows which files in <c>blobs/</c> belong to a download in flight. <c>list</c> shows them,
/// <c>prune</c> and <c>rm</c> delete them (under the blob's lock) and nothing takes them for a blob, all through
/// <see cref="RepoFolder.Partials"/>, which reads this table. A new kind of partial (for example the Xet path's
/// own sidecar next to <c>{etag}.incomplete</c>) is one new line in <see cref="All"/>: no reader changes.
/// </summary>
internal static class PartialKinds
{
    /// <summary>The partial blob: the name older huggingface_hub and huggingface.js use, so we resume theirs too.</summary>
    public const string Incomplete = ".incomplete";

    /// <summary>Our sidecar of a ranged download: which byte ranges of the partial are written (see Transfer/RangeRecord).</summary>
    public const string Chunks = Incomplete + ".chunks";

    /// <summary>That sidecar caught half-written by a kill (it is written under this name, then renamed).</summary>
    public const string ChunksTemp = Chunks + ".tmp";

    /// <summary>The Xet path's sidecar: which whole chunks of the partial are written (see Xet/XetState; same suffix).</summary>
    public const string XetChunks = Incomplete + ".xet";

    /// <summary>Every kind, the longest suffix first so that a name matches the kind it really is.</summary>
    public static readonly PartialKind[] All =
    [
        new(ChunksTemp, PartialRole.Sidecar),
        new(Chunks, PartialRole.Sidecar),
        new(XetChunks, PartialRole.Sidecar),
        new(Incomplete, PartialRole.Data),
    ];

    /// <summary>The etag and kind of a <c>blobs/</c> entry's name when it belongs to a partial download; null for a blob.</summary>
    public static (string Etag, PartialKind Kind)? Match(string name)
    {
        foreach (var kind in All)
        {
            if (name.EndsWith(kind.Suffix, StringComparison.Ordinal))
                return (name[..^kind.Suffix.Length], kind);
        }

        return null;
    }
}
