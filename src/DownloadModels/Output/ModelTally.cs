using DownloadModels.Engine;

namespace DownloadModels.Output;

/// <summary>
/// A model in progress as the views count it: its plan, how many of its files are in place and their
/// bytes (cached ones from the start). Not thread-safe: the owning reporter updates it under its lock.
/// </summary>
internal sealed class ModelTally(ModelPlan plan, long startedAt)
{
    public ModelPlan Plan { get; } = plan;
    public ModelRequest Request => Plan.Request;
    public long StartedAt { get; } = startedAt;
    public int FilesDone { get; private set; } = plan.Files.Count(f => f.Cached);
    public long BytesDone { get; private set; } = plan.CachedBytes;

    public void FileDone(long size)
    {
        FilesDone++;
        BytesDone += size;
    }

    /// <summary>A planned-as-cached file that is fetched after all (its blob vanished): it is not done yet.</summary>
    public void NotCachedAfterAll(long size)
    {
        FilesDone--;
        BytesDone -= size;
    }
}
