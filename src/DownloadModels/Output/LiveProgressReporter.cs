using System.Text;
using DownloadModels.Engine;
using DownloadModels.Transfer;

namespace DownloadModels.Output;

/// <summary>
/// Progress for a terminal: a block at the bottom (one line per active file, then the total) redrawn
/// in place with ANSI codes, with permanent lines (finished files, notices, errors, model summaries)
/// printed above it. The wording of permanent lines is the plain reporter's. Dispose it before writing
/// anything else to the same terminal: that erases the block and shows the cursor again.
/// </summary>
internal sealed class LiveProgressReporter : IProgressReporter
{
    private const int FallbackWidth = 80;
    private const int MinimumWidth = 20;

    /// <summary>Fast enough to look live, slow enough that drawing costs nothing next to downloading.</summary>
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Long enough to smooth out bursts, short enough to follow a change of speed.</summary>
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(3);

    private readonly Lock _gate = new();
    private readonly TextWriter _output;
    private readonly TransferTally _tally;
    private readonly ITimer _timer;
    private readonly int _width;
    private IReadOnlyList<string> _block = [];
    private bool _cursorHidden;
    private bool _disposed;

    /// <param name="width">The terminal's columns; 0 or less when unknown (80 is assumed).</param>
    public LiveProgressReporter(TextWriter output, TimeProvider time, int width)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        _output = output;
        _width = width <= 0 ? FallbackWidth : Math.Max(width, MinimumWidth);
        _tally = new TransferTally(time, RateWindow);
        _timer = time.CreateTimer(_ => Tick(), null, RedrawInterval, RedrawInterval);
    }

    public void ModelPlanned(ModelPlan plan)
    {
        lock (_gate)
        {
            _tally.Planned(plan);
            Draw([ProgressLines.Planned(plan)]);
        }
    }

    public FileProgress FileStarted(ModelPlan plan, PlannedFile file)
    {
        // The file appears with the next redraw, a fifth of a second at most.
        lock (_gate)
            return _tally.Started(plan, file);
    }

    public void FileFinished(FileProgress file, BlobResult result)
    {
        lock (_gate)
            Draw([ProgressLines.FileFinished(file, result, _tally.Finished(file))]);
    }

    public void FileFailed(FileProgress file, string error)
    {
        lock (_gate)
        {
            _tally.Failed(file);
            Draw([ProgressLines.FileFailed(file, error)]);
        }
    }

    public void ModelFinished(ModelResult result)
    {
        lock (_gate)
            Draw(ProgressLines.ModelFinished(result, _tally.ModelBytes(result.Request)));
    }

    public void Notice(string message)
    {
        lock (_gate)
            Draw([message]);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                var text = new StringBuilder();
                EraseBlock(text);
                if (_cursorHidden)
                    text.Append(Ansi.ShowCursor);
                _cursorHidden = false;
                Write(text);
            }
        }

        await _timer.DisposeAsync();
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (!_disposed)
                Draw([]);
        }
    }

    /// <summary>
    /// Under the lock: erases the block, prints <paramref name="permanent"/> lines where it was, and
    /// draws the block again below them, all in one write so the terminal never shows it half drawn.
    /// </summary>
    private void Draw(IReadOnlyList<string> permanent)
    {
        IReadOnlyList<string> block = _disposed ? [] : LiveBlock.Render(_tally, _width);
        if (permanent.Count == 0 && block.SequenceEqual(_block, StringComparer.Ordinal))
            return;

        var text = new StringBuilder();
        EraseBlock(text);
        foreach (var line in permanent)
            text.Append(ProgressLines.Printable(line)).Append('\n');

        if (block.Count > 0 && !_cursorHidden)
        {
            // A blinking cursor jumping around the block is distracting; Dispose shows it again.
            text.Append(Ansi.HideCursor);
            _cursorHidden = true;
        }

        foreach (var line in block)
            text.Append(Ansi.ClearLine).Append(line).Append('\n');
        _block = block;
        Write(text);
    }

    private void EraseBlock(StringBuilder text)
    {
        if (_block.Count > 0)
            text.Append(Ansi.PreviousLines(_block.Count)).Append(Ansi.ClearBelow);
        _block = [];
    }

    private void Write(StringBuilder text)
    {
        if (text.Length == 0)
            return;
        _output.Write(text.ToString());
        _output.Flush();
    }
}
