using System.Text;
using System.Text.RegularExpressions;

namespace DownloadModels.Tests.Output;

/// <summary>
/// A terminal as the live view meets it, for tests: rows of a given width, soft wrapping at the edge, the
/// few ANSI codes the view writes (move to previous lines, clear line, clear below, cursor on/off), and a
/// resize that reflows wrapped lines the way today's terminals do (VTE, iTerm2, Windows Terminal, kitty,
/// tmux). What it shows afterwards is what a user would find in the window and its scrollback.
/// </summary>
internal sealed partial class VirtualTerminal(int width)
{
    private readonly List<Row> _rows = [new()];
    private int _row;
    private int _column;

    public int Width { get; private set; } = width;

    public bool CursorVisible { get; private set; } = true;

    /// <summary>Every row, scrollback included, without trailing spaces; the row the cursor is on last when empty.</summary>
    public IReadOnlyList<string> Rows => [.. _rows.Select(r => r.Text.ToString().TrimEnd())];

    /// <summary>The rows up to the last one that holds anything.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            var rows = Rows.ToList();
            while (rows.Count > 0 && rows[^1].Length == 0)
                rows.RemoveAt(rows.Count - 1);
            return rows;
        }
    }

    /// <summary>The lines as written: rows the terminal wrapped joined again (what a user copies out of the window).</summary>
    public IReadOnlyList<string> LogicalLines
    {
        get
        {
            var lines = new List<string>();
            var current = new StringBuilder();
            foreach (var row in _rows)
            {
                current.Append(row.Text);
                if (row.Wrapped)
                    continue;
                lines.Add(current.ToString().TrimEnd());
                current.Clear();
            }

            while (lines.Count > 0 && lines[^1].Length == 0)
                lines.RemoveAt(lines.Count - 1);
            return lines;
        }
    }

    public void Write(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\x1b' && i + 1 < text.Length && text[i + 1] is '=' or '>')
            {
                i++; // keypad modes the .NET console sets on start: nothing on the screen
            }
            else if (text[i] == '\x1b')
            {
                var match = Escape().Match(text, i);
                if (!match.Success || match.Index != i)
                    throw new InvalidOperationException($"unknown escape at {i}: {text[i..Math.Min(text.Length, i + 10)]}");
                Apply(match.Groups["args"].Value, match.Groups["cmd"].Value[0]);
                i += match.Length - 1;
            }
            else if (text[i] == '\n')
            {
                NewLine(soft: false);
            }
            else if (text[i] == '\r')
            {
                _column = 0;
            }
            else
            {
                Put(text[i]);
            }
        }
    }

    /// <summary>The window becomes <paramref name="newWidth"/> wide: soft-wrapped rows are joined and wrapped again, the cursor follows its text.</summary>
    public void Resize(int newWidth)
    {
        var logical = new List<(string Text, bool HasCursor, int CursorOffset)>();
        var current = new StringBuilder();
        var cursorOffset = -1;
        for (var r = 0; r < _rows.Count; r++)
        {
            if (r == _row)
                cursorOffset = current.Length + _column;
            current.Append(_rows[r].Text);
            if (!_rows[r].Wrapped || r == _rows.Count - 1)
            {
                logical.Add((current.ToString(), cursorOffset >= 0, cursorOffset));
                current.Clear();
                cursorOffset = -1;
            }
        }

        _rows.Clear();
        Width = newWidth;
        foreach (var (text, hasCursor, offset) in logical)
        {
            var trimmed = text.TrimEnd();
            var start = _rows.Count;
            for (var at = 0; at == 0 || at < trimmed.Length; at += newWidth)
                _rows.Add(new Row { Text = new StringBuilder(trimmed[at..Math.Min(trimmed.Length, at + newWidth)]), Wrapped = at + newWidth < trimmed.Length });
            if (hasCursor)
            {
                _row = start + Math.Min(offset / newWidth, _rows.Count - start - 1);
                _column = Math.Min(offset - (_row - start) * newWidth, newWidth);
            }
        }
    }

    private void Apply(string args, char command)
    {
        var n = int.TryParse(args.TrimStart('?'), out var value) ? value : 1;
        switch (command)
        {
            case 'F':
                _row = Math.Max(0, _row - Math.Max(1, n));
                _column = 0;
                break;
            case 'A':
                _row = Math.Max(0, _row - Math.Max(1, n));
                break;
            case 'B':
                _row = Math.Min(_rows.Count - 1, _row + Math.Max(1, n));
                break;
            case 'J':
                _rows[_row].Text.Length = Math.Min(_rows[_row].Text.Length, _column);
                _rows[_row].Wrapped = false;
                _rows.RemoveRange(_row + 1, _rows.Count - _row - 1);
                break;
            case 'K':
                _rows[_row].Text.Clear();
                _rows[_row].Wrapped = false;
                break;
            case 'l' when args == "?25":
                CursorVisible = false;
                break;
            case 'h' when args == "?25":
                CursorVisible = true;
                break;
            case 'h' or 'l' when args.StartsWith('?'):
                break; // other private modes (the cursor keys' mode): nothing on the screen
            default:
                throw new InvalidOperationException($"unexpected escape ESC[{args}{command}");
        }
    }

    private void Put(char c)
    {
        if (_column >= Width)
            NewLine(soft: true);
        var row = _rows[_row].Text;
        if (row.Length < _column)
            row.Append(' ', _column - row.Length);
        if (_column < row.Length)
            row[_column] = c;
        else
            row.Append(c);
        _column++;
    }

    private void NewLine(bool soft)
    {
        _rows[_row].Wrapped = soft;
        _row++;
        _column = 0;
        if (_row == _rows.Count)
            _rows.Add(new Row());
    }

    [GeneratedRegex(@"\x1b\[(?<args>[0-9;?]*)(?<cmd>[A-Za-z])")]
    private static partial Regex Escape();

    private sealed class Row
    {
        public StringBuilder Text { get; init; } = new();
        public bool Wrapped { get; set; }
    }
}
