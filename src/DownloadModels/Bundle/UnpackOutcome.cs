using DownloadModels.Contract;

namespace DownloadModels.Bundle;

/// <summary>How an unpack ended: each repo's merge, how long extracting took, or the error that merged nothing; the exit code.</summary>
internal sealed record UnpackOutcome(IReadOnlyList<RepoMergeResult> Results, TimeSpan Extracting, string? Error, int ExitCode)
{
    /// <summary>What kind of failure <see cref="Error"/> is: a bundle that cannot be unpacked, or a cache that cannot be written.</summary>
    public ErrorKind ErrorKind { get; init; } = ErrorKind.BadBundle;
}
