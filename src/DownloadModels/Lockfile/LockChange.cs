using DownloadModels.Manifest;

namespace DownloadModels.Lockfile;

/// <summary>One entry's outcome: what it was (<see cref="Before"/>), what it is (<see cref="After"/>), or why it failed.</summary>
internal sealed record LockChange(LockChangeKind Kind, ModelInput Input, LockedModel? Before, LockedModel? After, string? Error = null)
{
    /// <summary>Files whose path or bytes differ between before and after.</summary>
    public int FilesChanged =>
        Before is null || After is null ? After?.Files.Count ?? 0
        : After.Files.Except(Before.Files).Count() + Before.Files.Select(f => f.Path).Except(After.Files.Select(f => f.Path), StringComparer.Ordinal).Count();
}
