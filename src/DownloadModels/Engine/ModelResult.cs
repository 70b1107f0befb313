namespace DownloadModels.Engine;

/// <summary>
/// How one model ended: the counts for the summary line, every distinct error (empty when it succeeded),
/// each file's outcome (<see cref="FileResults"/>, for the JSON result) and, when it succeeded, the
/// snapshot folder the libraries load it from.
/// </summary>
internal sealed record ModelResult(
    ModelRequest Request,
    string? Commit,
    int Files,
    int FilesCached,
    long BytesFetched,
    long BytesCached,
    TimeSpan Elapsed,
    IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    /// <summary>Every planned file and how it ended, in the plan's order; empty when the model failed before planning.</summary>
    public IReadOnlyList<FileResult> FileResults { get; init; } = [];

    /// <summary><c>{cache}/…/snapshots/{commit}</c> when the model is complete there; else null.</summary>
    public string? SnapshotPath { get; init; }

    /// <summary>Bytes of its files copied from chunks the cache already held (Xet chunk reuse) instead of fetched.</summary>
    public long BytesReused => FileResults.Sum(f => f.Transfer?.BytesReused ?? 0);

    /// <summary>The size of the planned files (cached ones included); 0 when the model failed before planning.</summary>
    public long TotalBytes => FileResults.Sum(f => f.File.Size);

    public static ModelResult Failed(ModelRequest request, TimeSpan elapsed, string error) =>
        new(request, null, 0, 0, 0, 0, elapsed, [error]);
}
