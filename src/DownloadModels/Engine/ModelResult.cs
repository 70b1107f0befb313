namespace DownloadModels.Engine;

/// <summary>How one model ended: the counts for the summary line, and every error (empty when it succeeded).</summary>
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

    public static ModelResult Failed(ModelRequest request, TimeSpan elapsed, string error) =>
        new(request, null, 0, 0, 0, 0, elapsed, [error]);
}
