using DownloadModels.Cache;

namespace DownloadModels.Engine;

/// <summary>
/// One model's downloads in flight: its plan and its repo in the destination, the run's shared file slots,
/// and a stop that ends the model's other files once the Hub refuses the repo itself (the first refusal is kept).
/// </summary>
internal sealed class ModelRun(ModelPlan plan, IRepoDestination repo, FileSlots slots, CancellationTokenSource stop)
{
    private string? _repoError;

    public ModelPlan Plan { get; } = plan;
    public IRepoDestination Repo { get; } = repo;
    public FileSlots Slots { get; } = slots;
    public CancellationTokenSource Stop { get; } = stop;

    /// <summary>The Hub's refusal of the whole repo, if one came.</summary>
    public string? RepoError => Volatile.Read(ref _repoError);

    public void Refused(string error)
    {
        if (Interlocked.CompareExchange(ref _repoError, error, null) is null)
            Stop.Cancel();
    }
}
