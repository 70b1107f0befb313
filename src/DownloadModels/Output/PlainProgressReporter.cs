using DownloadModels.Engine;
using DownloadModels.Hub;

namespace DownloadModels.Output;

/// <summary>
/// Progress for output that is not a terminal (CI logs, <c>docker build</c>, a pipe): whole lines only,
/// no escape codes or carriage returns. One line as each model starts and one as it ends, errors and
/// retries as they happen, and a heartbeat while files are in flight: every <c>interval</c> when the counts
/// moved, every <see cref="QuietHeartbeats"/> intervals when they did not (so a CI job that kills silent
/// steps sees the run is alive). Per-file lines only with --verbose.
/// </summary>
internal sealed class PlainProgressReporter : TallyingProgressReporter
{
    /// <summary>A stalled transfer still says so every this many intervals.</summary>
    public const int QuietHeartbeats = 6;

    private readonly TextWriter _output;
    private readonly ITimer _timer;
    private TallySnapshot? _lastPrinted;
    private int _silentTicks;
    private bool _disposed;

    /// <param name="interval">The time between two heartbeats, and the window the speed is measured over.</param>
    public PlainProgressReporter(TextWriter output, TimeProvider time, TimeSpan interval, bool verbose = false)
        : base(time, interval, verbose)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _output = output;
        _timer = time.CreateTimer(_ => Tick(), null, interval, interval);
    }

    public override void ModelPlanned(ModelPlan plan)
    {
        lock (Gate)
        {
            Tally.Planned(plan);
            WriteLine(ProgressLines.Planned(plan));
        }
    }

    public override void Retrying(RetryNotice notice)
    {
        lock (Gate)
            WriteLine(notice.ToString());
    }

    public override async ValueTask DisposeAsync()
    {
        lock (Gate)
        {
            _disposed = true;
            foreach (var model in Tally.Models)
                WriteLine(ProgressLines.Stopped(model));
        }

        await _timer.DisposeAsync();
    }

    private void Tick()
    {
        lock (Gate)
        {
            if (_disposed || Tally.Active.Count == 0)
                return;

            var snapshot = Tally.Sample();
            if (!snapshot.DiffersFrom(_lastPrinted) && ++_silentTicks < QuietHeartbeats)
                return;
            _silentTicks = 0;
            _lastPrinted = snapshot;
            WriteLine("  … " + ProgressLines.Aggregate(snapshot));
        }
    }

    protected override void Show(IReadOnlyList<string> permanent)
    {
        foreach (var line in permanent)
            WriteLine(line);
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
