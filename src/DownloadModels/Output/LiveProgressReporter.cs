using System.Text;
using DownloadModels.Engine;
using DownloadModels.Hub;

namespace DownloadModels.Output;

/// <summary>
/// Progress for a terminal: a block at the bottom (a line per model in progress, its active files, the
/// total) redrawn in place with ANSI codes, measuring the terminal again for every frame; permanent lines
/// (each model's one summary, errors, notices; with --verbose each finished file) print above it. Finished
/// files only count in their model's line. Dispose it before writing anything else to the same terminal:
/// that erases the block and shows the cursor again.
/// </summary>
internal sealed class LiveProgressReporter : TallyingProgressReporter
{
    /// <summary>Fast enough to look live, slow enough that drawing costs nothing next to downloading.</summary>
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Long enough to smooth out bursts, short enough to follow a change of speed.</summary>
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(3);

    /// <summary>A retry line stays this long after its wait is over (the attempt is then under way).</summary>
    private static readonly TimeSpan RetryShownAfterWait = TimeSpan.FromSeconds(1);

    private readonly TextWriter _output;
    private readonly TimeProvider _time;
    private readonly Func<TerminalSize> _measure;
    private readonly ITimer _timer;
    private readonly List<(RetryNotice Notice, long Until)> _retries = [];
    private IReadOnlyList<string> _block = [];
    private int _blockWidth;
    private bool _cursorHidden;
    private bool _disposed;

    /// <param name="measure">The terminal's size now; called for every frame, so a resize is followed at once.</param>
    /// <param name="verbose">Also print a permanent line for every finished file.</param>
    public LiveProgressReporter(TextWriter output, TimeProvider time, Func<TerminalSize> measure, bool verbose = false)
        : base(time, RateWindow, verbose)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        _time = time;
        _measure = measure;
        _timer = time.CreateTimer(_ => Tick(), null, RedrawInterval, RedrawInterval);
    }

    public override void ModelPlanned(ModelPlan plan)
    {
        lock (Gate)
        {
            Tally.Planned(plan);
            Draw([]);
        }
    }

    public override void Retrying(RetryNotice notice)
    {
        lock (Gate)
        {
            _retries.Add((notice, _time.GetTimestamp() + (long)((notice.Delay + RetryShownAfterWait).TotalSeconds * _time.TimestampFrequency)));
            Draw([]);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        lock (Gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                var text = new StringBuilder();
                EraseBlock(text, _measure().Usable.Width);
                var columns = Math.Max(1, _measure().Usable.Width - 1);
                foreach (var model in Tally.Models)
                {
                    foreach (var row in DisplayText.Wrap(ProgressLines.Printable(ProgressLines.Stopped(model)), columns))
                        text.Append(row).Append('\n');
                }
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
        lock (Gate)
        {
            if (!_disposed)
                Draw([]);
        }
    }

    protected override void Show(IReadOnlyList<string> permanent) => Draw(permanent);

    /// <summary>
    /// Under the lock: erases the block, prints <paramref name="permanent"/> lines where it was, and
    /// draws the block again below them, all in one write so the terminal never shows it half drawn.
    /// </summary>
    private void Draw(IReadOnlyList<string> permanent)
    {
        var size = _measure().Usable;
        var now = _time.GetTimestamp();
        _retries.RemoveAll(r => r.Until <= now);
        IReadOnlyList<string> block = _disposed ? [] : LiveBlock.Render(Tally, [.. _retries.Select(r => r.Notice)], size);
        if (permanent.Count == 0 && size.Width == _blockWidth && block.SequenceEqual(_block, StringComparer.Ordinal))
            return;

        var text = new StringBuilder();
        EraseBlock(text, size.Width);
        // A permanent line is wrapped at spaces here: the terminal would cut it at its last column, mid-word.
        foreach (var line in permanent.SelectMany(l => ProgressLines.Printable(l).Split('\n')))
        {
            foreach (var row in DisplayText.Wrap(line, Math.Max(1, size.Width - 1)))
                text.Append(row).Append('\n');
        }

        if (block.Count > 0 && !_cursorHidden)
        {
            // A blinking cursor jumping around the block is distracting; Dispose shows it again.
            text.Append(Ansi.HideCursor);
            _cursorHidden = true;
        }

        foreach (var line in block)
            text.Append(Ansi.ClearLine).Append(line).Append('\n');
        _block = block;
        _blockWidth = size.Width;
        Write(text);
    }

    /// <summary>
    /// Moves up over the block drawn last and blanks its rows one by one, leaving the cursor on its top row.
    /// When the terminal became narrower since, its lines were reflowed onto more rows: those rows are
    /// counted at the new width. Never "erase below" (ED): tmux's scroll-on-clear (on by default) reads an
    /// ED with the cursor at home — the block's top on the first row — as a clear of the whole screen and
    /// first copies the screen into the scrollback, so every frame would land in the history.
    /// </summary>
    private void EraseBlock(StringBuilder text, int width)
    {
        var rows = width < _blockWidth ? _block.Sum(line => DisplayText.RowsAt(line, width)) : _block.Count;
        if (rows > 0)
        {
            text.Append(Ansi.PreviousLines(rows));
            for (var row = 0; row < rows; row++)
            {
                text.Append(Ansi.ClearLine);
                if (row < rows - 1)
                    text.Append(Ansi.Down(1));
            }

            if (rows > 1)
                text.Append(Ansi.Up(rows - 1));
        }

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
