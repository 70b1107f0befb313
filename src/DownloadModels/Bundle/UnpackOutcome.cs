namespace DownloadModels.Bundle;

/// <summary>How an unpack ended: each repo's merge, how long extracting took, or the error that merged nothing; the exit code.</summary>
internal sealed record UnpackOutcome(IReadOnlyList<RepoMergeResult> Results, TimeSpan Extracting, string? Error, int ExitCode);
