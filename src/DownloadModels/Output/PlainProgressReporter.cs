using DownloadModels.Engine;
using DownloadModels.Transfer;

namespace DownloadModels.Output;

/// <summary>
/// Progress for output that is not a terminal (CI logs, <c>docker build</c>, a pipe): whole lines only,
/// no escape codes or carriage returns, and at most one aggregate line per <c>interval</c> so a long
/// download does not flood the log.
/// </summary>
internal sealed class PlainProgressReporter : IProgressReporter
{
    private readonly Lock _gate = new();
    private readonly TextWriter _output;
    private readonly TransferTally _tally;
    private readonly ITimer _timer;
    private TallySnapshot? _lastPrinted;
    private bool _disposed;

    public PlainProgressReporter(TextWriter output, TimeProvider time, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _output = output;

        // The speed is measured over one interval: the time between two aggregate lines.
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
            WriteLine(ProgressLines.FileFinished(file, result, _tally.Finished(file)));
    }

    public void FileFailed(FileProgress file, string error)
    {
        lock (_gate)
        {
            _tally.Failed(file);
            WriteLine(ProgressLines.FileFailed(file, error));
        }
    }

    public void ModelFinished(ModelResult result)
    {
        lock (_gate)
        {
            foreach (var line in ProgressLines.ModelFinished(result, _tally.ModelBytes(result.Request)))
                WriteLine(line);
        }
    }

    public void Notice(string message)
    {
        lock (_gate)
            WriteLine(message);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
            _disposed = true;
        await _timer.DisposeAsync();
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_disposed || _tally.Active.Count == 0)
                return;

            var snapshot = _tally.Sample();
            if (!snapshot.DiffersFrom(_lastPrinted))
                return;
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
