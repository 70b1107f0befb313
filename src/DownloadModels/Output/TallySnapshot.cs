namespace DownloadModels.Output;

/// <summary>
/// The run's aggregate progress at one instant: bytes in place out of those expected, bytes received
/// over the network, and the current speed.
/// </summary>
internal sealed record TallySnapshot(long Done, long Expected, long Fetched, double BytesPerSecond, int ActiveFiles)
{
    /// <summary>Whether the counts moved since <paramref name="previous"/> (the speed alone does not count).</summary>
    public bool DiffersFrom(TallySnapshot? previous) =>
        previous is null || previous.Done != Done || previous.Expected != Expected || previous.Fetched != Fetched;
}
