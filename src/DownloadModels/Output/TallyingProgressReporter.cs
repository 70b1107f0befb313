using DownloadModels.Engine;
using DownloadModels.Hub;
using DownloadModels.Transfer;

namespace DownloadModels.Output;

/// <summary>
/// What the live view and the plain lines do alike: every event counted once in the <see cref="TransferTally"/>
/// under one lock, each error remembered so a model's summary does not repeat it, and the permanent lines an
/// event makes (a failed file, a finished model, a notice; with --verbose each finished file) handed to
/// <see cref="Show"/>. How a model's start, a retry and the end are shown is each reporter's own.
/// </summary>
internal abstract class TallyingProgressReporter : IProgressReporter
{
    private readonly HashSet<string> _shownErrors = new(StringComparer.Ordinal);
    private readonly bool _verbose;

    /// <param name="rateWindow">How far back the tally measures speeds.</param>
    /// <param name="verbose">Also print a permanent line for every finished file.</param>
    protected TallyingProgressReporter(TimeProvider time, TimeSpan rateWindow, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(time);
        Tally = new TransferTally(time, rateWindow);
        _verbose = verbose;
    }

    /// <summary>The one lock: every event, timer tick and disposal runs under it.</summary>
    protected Lock Gate { get; } = new();

    protected TransferTally Tally { get; }

    public abstract void ModelPlanned(ModelPlan plan);

    public FileProgress FileStarted(ModelPlan plan, PlannedFile file)
    {
        // Nothing to print: the live view shows the file with its next redraw, a fifth of a second at most.
        lock (Gate)
            return Tally.Started(plan, file);
    }

    public void FileFinished(FileProgress file, BlobResult result)
    {
        lock (Gate)
        {
            var elapsed = Tally.Finished(file, result.BytesReused);
            Show(_verbose ? [ProgressLines.FileFinished(file, result, elapsed)] : []);
        }
    }

    public void FileFailed(FileProgress file, string error)
    {
        lock (Gate)
        {
            Tally.Failed(file);
            _shownErrors.Add(error);
            Show([ProgressLines.FileFailed(file, error)]);
        }
    }

    public void FileStopped(FileProgress file)
    {
        lock (Gate)
            Tally.Failed(file);
    }

    public void ModelFinished(ModelResult result)
    {
        lock (Gate)
        {
            Tally.ModelFinished(result.Request);
            Show(ProgressLines.ModelFinished(result, _shownErrors));
        }
    }

    public void Notice(string message)
    {
        lock (Gate)
            Show([message]);
    }

    public abstract void Retrying(RetryNotice notice);

    public abstract ValueTask DisposeAsync();

    /// <summary>Under <see cref="Gate"/>: prints <paramref name="permanent"/> (none: the view may still refresh).</summary>
    protected abstract void Show(IReadOnlyList<string> permanent);
}
