using DownloadModels.Engine;
using DownloadModels.Hub;
using DownloadModels.Transfer;

namespace DownloadModels.Output;

/// <summary>
/// Progress for output that is not a terminal (CI logs, <c>docker build</c>, a pipe): whole lines only,
/// no escape codes or carriage returns. One line as each model starts and one as it ends, errors and
/// retries as they happen, and a heartbeat while files are in flight: every <c>interval</c> when the counts
/// moved, every <see cref="QuietHeartbeats"/> intervals when they did not (so a CI job that kills silent
/// steps sees the run is alive). Per-file lines only with --verbose.
/// </summary>
internal sealed class PlainProgressReporter : IProgressReporter
{
    /// <summary>A stalled transfer still says so every this many intervals.</summary>
    public const int QuietHeartbeats = 6;

    private readonly Lock _gate = new();
    private readonly TextWriter _output;
    private readonly bool _verbose;
    private readonly TransferTally _tally;
    private readonly ITimer _timer;
    private readonly HashSet<string> _shownErrors = new(StringComparer.Ordinal);
    private TallySnapshot? _lastPrinted;
    private int _silentTicks;
    private bool _disposed;

    public PlainProgressReporter(TextWriter output, TimeProvider time, TimeSpan interval, bool verbose = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _output = output;
        _verbose = verbose;

        // The speed is measured over one interval: the time between two heartbeats.
        _tally = new TransferTally(time, interval);
        _timer = time.CreateTimer(_ => Tick(), null, interval, interval);
    }

    public void ModelPlanned(ModelPlan plan)
    {
        lock (_gate)
        {
            _tally.Planned(plan);
            WriteLine(ProgressLines.Planned(plan));
        }
    }

    public FileProgress FileStarted(ModelPlan plan, PlannedFile file)
    {
        lock (_gate)
            return _tally.Started(plan, file);
    }

    public void FileFinished(FileProgress file, BlobResult result)
    {
        lock (_gate)
        {
            var elapsed = _tally.Finished(file, result.BytesReused);
            if (_verbose)
                WriteLine(ProgressLines.FileFinished(file, result, elapsed));
        }
    }

    public void FileFailed(FileProgress file, string error)
    {
        lock (_gate)
        {
            _tally.Failed(file);
            _shownErrors.Add(error);
            WriteLine(ProgressLines.FileFailed(file, error));
        }
    }

    public void FileStopped(FileProgress file)
    {
        lock (_gate)
            _tally.Failed(file);
    }

    public void ModelFinished(ModelResult result)
    {
        lock (_gate)
        {
            _tally.ModelFinished(result.Request);
            foreach (var line in ProgressLines.ModelFinished(result, _shownErrors))
                WriteLine(line);
        }
    }

    public void Notice(string message)
    {
        lock (_gate)
            WriteLine(message);
    }

    public void Retrying(RetryNotice notice)
    {
        lock (_gate)
            WriteLine(notice.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var model in _tally.Models)
                WriteLine(ProgressLines.Stopped(model));
        }

        await _timer.DisposeAsync();
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_disposed || _tally.Active.Count == 0)
                return;

            var snapshot = _tally.Sample();
            if (!snapshot.DiffersFrom(_lastPrinted) && ++_silentTicks < QuietHeartbeats)
                return;
            _silentTicks = 0;
            _lastPrinted = snapshot;
            WriteLine("  … " + ProgressLines.Aggregate(snapshot));
        }
    }

    // Called under the lock. "\n" rather than the writer's NewLine: a "\r" from a Windows newline is
    // exactly what this reporter promises not to write. Lines still print after disposal: only the
    // timer stops, a late error must not vanish.
    private void WriteLine(string line)
    {
        _output.Write(ProgressLines.Printable(line) + "\n");
        _output.Flush();
    }
}
