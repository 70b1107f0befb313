using System.Globalization;
using System.Text;

namespace DownloadModels.Output;

/// <summary>
/// Columns a string takes on a terminal, and cutting to fit them. Wide characters (CJK, most emoji) take
/// two columns and combining marks none; the live view's row count depends on getting this right.
/// </summary>
internal static class DisplayText
{
    public const char Ellipsis = '…';

    public static int Width(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
            width += Width(rune);
        return width;
    }

    /// <summary>The text in at most <paramref name="columns"/> columns; a cut end becomes "…".</summary>
    public static string Clip(string text, int columns)
    {
        if (Width(text) <= columns)
            return text;
        if (columns <= 0)
            return "";
        var builder = new StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var w = Width(rune);
            if (used + w > columns - 1)
                break;
            builder.Append(rune.ToString());
            used += w;
        }

        return builder.Append(Ellipsis).ToString();
    }

    /// <summary>The text in at most <paramref name="columns"/> columns, keeping its end (a file name): "…ce/voice.pt".</summary>
    public static string ClipStart(string text, int columns)
    {
        if (Width(text) <= columns)
            return text;
        if (columns <= 1)
            return columns == 1 ? Ellipsis.ToString() : "";
        var runes = text.EnumerateRunes().ToArray();
        var kept = new List<Rune>();
        var used = 0;
        for (var i = runes.Length - 1; i >= 0; i--)
        {
            var w = Width(runes[i]);
            if (used + w > columns - 1)
                break;
            kept.Insert(0, runes[i]);
            used += w;
        }

        return Ellipsis + string.Concat(kept.Select(r => r.ToString()));
    }

    /// <summary>Pads with spaces to <paramref name="columns"/> display columns.</summary>
    public static string PadRight(string text, int columns) => text + new string(' ', Math.Max(0, columns - Width(text)));

    /// <summary>
    /// The line as rows of at most <paramref name="columns"/> columns, broken at spaces (a continuation row
    /// is indented by two); only a word longer than a row is cut, at the row's end.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string line, int columns)
    {
        if (Width(line) <= columns || columns < 8)
            return [line];
        const string Indent = "  ";
        var rows = new List<string>();
        var current = new StringBuilder();
        var used = 0;
        var hasWord = false;
        foreach (var word in line.Split(' '))
        {
            var w = Width(word);
            if (hasWord && used + 1 + w > columns)
            {
                rows.Add(current.ToString());
                current.Clear().Append(Indent);
                used = Indent.Length;
                hasWord = false;
            }

            if (hasWord)
            {
                current.Append(' ');
                used++;
            }

            // A word longer than a row (a long path): cut where the row ends, the rest continues below.
            var rest = word;
            while (used + Width(rest) > columns)
            {
                var head = TakeColumns(rest, columns - used);
                rows.Add(current.Append(head).ToString());
                rest = rest[head.Length..];
                current.Clear().Append(Indent);
                used = Indent.Length;
            }

            current.Append(rest);
            used += Width(rest);
            hasWord = true;
        }

        if (current.Length > 0)
            rows.Add(current.ToString());
        return rows;
    }

    /// <summary>The longest start of <paramref name="text"/> within <paramref name="columns"/> columns (at least one character).</summary>
    private static string TakeColumns(string text, int columns)
    {
        var used = 0;
        var length = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var w = Width(rune);
            if (used + w > columns && length > 0)
                break;
            used += w;
            length += rune.Utf16SequenceLength;
        }

        return text[..length];
    }

    /// <summary>How many terminal rows a line drawn earlier occupies now that the terminal is <paramref name="width"/> wide (it reflows).</summary>
    public static int RowsAt(string line, int width) =>
        width <= 0 ? 1 : Math.Max(1, (Width(line) + width - 1) / width);

    private static int Width(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
            return 0;
        if (Rune.IsControl(rune))
            return 0;
        var v = rune.Value;
        var wide = v is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 or >= 0x1F300 and <= 0x1FAFF or >= 0x20000 and <= 0x3FFFD;
        return wide ? 2 : 1;
    }
}
