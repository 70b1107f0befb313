using System.Globalization;

namespace DownloadModels.Output;

/// <summary>The few ANSI control sequences the live view needs, understood by every terminal in use today.</summary>
internal static class Ansi
{
    public const string HideCursor = "\x1b[?25l";
    public const string ShowCursor = "\x1b[?25h";
    public const string ClearLine = "\x1b[2K";

    /// <summary>
    /// Moves to the start of the line <paramref name="count"/> lines up. Only for a count of at least
    /// one: terminals read "\x1b[0F" as a move of one line.
    /// </summary>
    public static string PreviousLines(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return string.Create(CultureInfo.InvariantCulture, $"\x1b[{count}F");
    }

    /// <summary>Moves <paramref name="count"/> rows up (at least one), keeping the column; never scrolls.</summary>
    public static string Up(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return string.Create(CultureInfo.InvariantCulture, $"\x1b[{count}A");
    }

    /// <summary>Moves <paramref name="count"/> rows down (at least one), keeping the column; never scrolls.</summary>
    public static string Down(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return string.Create(CultureInfo.InvariantCulture, $"\x1b[{count}B");
    }
}
