using DownloadModels.Contract;
using DownloadModels.Engine;

namespace DownloadModels.Bundle;

/// <summary>
/// How a pack ended: each request's download (null offline) and what the cache holds of it (the repo, or why it
/// cannot be packed); when every repo was found, the bundle's size, or the one-line reason none was written.
/// </summary>
internal sealed record PackOutcome(IReadOnlyList<ModelResult>? Downloads, IReadOnlyList<(BundledRepo? Repo, string? Error)> Found)
{
    /// <summary>The repos packed: all of them, or none when one is not complete in the cache.</summary>
    public BundledRepo[] Repos => Missing > 0 ? [] : [.. Found.Select(f => f.Repo!)];

    /// <summary>How many requested repos are not complete in the cache (nothing is packed then).</summary>
    public int Missing => Found.Count(f => f.Repo is null);

    public long BlobBytes => Repos.Sum(r => r.BlobBytes);

    /// <summary>The bundle's progress, once writing started.</summary>
    public BundleProgress? Progress { get; init; }

    /// <summary>The bundle's compressed size, once written.</summary>
    public long? Size { get; init; }

    /// <summary>Why writing the bundle failed (what was left behind included).</summary>
    public string? WriteError { get; init; }

    public int ExitCode =>
        Missing > 0 ? ExitCodes.ForFailures(Missing)
        : WriteError is not null ? ExitCodes.ForFailures(Found.Count)
        : ExitCodes.Success;
}
