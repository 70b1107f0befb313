namespace DownloadModels.Inspection;

/// <summary>One line of verify's report: a kind, the repo path it is about (empty for the repo itself) and what was seen.</summary>
internal sealed record Finding(FindingKind Kind, string Path, string Detail)
{
    public bool IsProblem => Kind != FindingKind.Copy;

    /// <summary>The word the report prints, e.g. <c>wrong-link</c>.</summary>
    public string Word => Kind switch
    {
        FindingKind.WrongLink => "wrong-link",
        FindingKind.ChunkMap => "chunk-map",
        FindingKind.Copy => "copy",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
