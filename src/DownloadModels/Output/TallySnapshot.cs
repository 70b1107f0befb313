namespace DownloadModels.Output;

/// <summary>
/// The run's aggregate progress at one instant: bytes in place out of those expected, bytes received
/// over the network, the current speed, and (when known) the time the slowest active file still needs at
/// its own pace — the run cannot end before it, however fast the others go.
/// </summary>
internal sealed record TallySnapshot(long Done, long Expected, long Fetched, double BytesPerSecond, int ActiveFiles, double TailSeconds = 0)
{
    /// <summary>Bytes in place that were copied from chunks the cache held (Xet chunk reuse), never fetched.</summary>
    public long Reused { get; init; }

    /// <summary>Whether the counts moved since <paramref name="previous"/> (the speed alone does not count).</summary>
    public bool DiffersFrom(TallySnapshot? previous) =>
        previous is null || previous.Done != Done || previous.Expected != Expected || previous.Fetched != Fetched || previous.Reused != Reused;
}
