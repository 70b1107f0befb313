namespace DownloadModels.Lockfile;

/// <summary>The new lock (null when an entry failed: a partial lock is never written) and what happened to each entry.</summary>
internal sealed record LockResult(LockedSet? Lock, IReadOnlyList<LockChange> Changes)
{
    public int Failures => Changes.Count(c => c.Kind == LockChangeKind.Failed);
}
