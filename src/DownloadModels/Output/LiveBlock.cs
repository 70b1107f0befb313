using System.Globalization;
using System.Text;
using DownloadModels.Units;

namespace DownloadModels.Output;

/// <summary>
/// The lines of the live block: one per active file with a bar, then the total. Every line is cut to
/// fit one terminal row, because the redraw moves the cursor up by the number of lines it drew, and a
/// wrapped line would leave a stale row behind.
/// </summary>
internal static class LiveBlock
{
    /// <summary>Beyond this many files the rest are summed up in one "… and N more" line.</summary>
    public const int MaxFileLines = 8;

    private const int BarCells = 10;
    private const char Ellipsis = '…';

    /// <summary>The columns a file's label and name keep before its details are shortened.</summary>
    private const int MinHeadColumns = 20;

    private enum Detail
    {
        Percent,
        Bar,
        Full,
    }

    public static IReadOnlyList<string> Render(TransferTally tally, int width)
    {
        var snapshot = tally.Sample();
        if (snapshot.ActiveFiles == 0)
            return [];

        // The last column is left free: writing into it makes some terminals wrap early.
        var columns = width - 1;
        var shown = tally.Active.Take(MaxFileLines).ToArray();
        var heads = shown.Select(f => (Prefix: ProgressLines.Prefix(OneRow(f.Progress.Model)), Path: OneRow(f.Progress.Path))).ToArray();
        var longestHead = heads.Max(h => h.Prefix.Length + h.Path.Length);

        // On a narrow terminal the details give way (speed and sizes, then the bar) before the file name does.
        var suffixes = Array.Empty<string>();
        for (var detail = Detail.Full; detail >= Detail.Percent; detail--)
        {
            suffixes = shown.Select(f => Suffix(f, tally.RateOf(f), detail)).ToArray();
            if (columns - suffixes.Max(x => x.Length) >= Math.Min(longestHead, MinHeadColumns))
                break;
        }

        // Paths are padded to one column so the bars line up, as far as the width allows.
        var headWidth = Math.Max(0, Math.Min(longestHead, columns - suffixes.Max(x => x.Length)));
        var lines = new List<string>(shown.Length + 2);
        for (var i = 0; i < shown.Length; i++)
            lines.Add(Clip(Fit(heads[i].Prefix, heads[i].Path, headWidth).PadRight(headWidth) + suffixes[i], columns));

        if (tally.Active.Count > shown.Length)
            lines.Add(Clip(string.Create(CultureInfo.InvariantCulture, $"{Ellipsis} and {tally.Active.Count - shown.Length} more"), columns));
        lines.Add(Clip("total: " + ProgressLines.Aggregate(snapshot), columns));
        return lines;
    }

    /// <summary><c>  [#####-----]  45%  260 kB/523 kB  3.2 MB/s</c>, or less of it at a lower <paramref name="detail"/>.</summary>
    private static string Suffix(ActiveFile file, double bytesPerSecond, Detail detail)
    {
        var progress = file.Progress;
        var percent = ProgressLines.Percent(progress.Done, progress.Total);
        var filled = Math.Clamp(percent * BarCells / 100, 0, BarCells);
        var bar = new string('#', filled) + new string('-', BarCells - filled);
        var sizes = $"{ByteSize.Format(progress.Done)}/{ByteSize.Format(progress.Total)}";
        return detail switch
        {
            Detail.Full => string.Create(CultureInfo.InvariantCulture, $"  [{bar}] {percent,3}%  {sizes}  {ByteSize.FormatRate(bytesPerSecond)}"),
            Detail.Bar => string.Create(CultureInfo.InvariantCulture, $"  [{bar}] {percent,3}%"),
            _ => string.Create(CultureInfo.InvariantCulture, $" {percent,3}%"),
        };
    }

    /// <summary>The label and path in <paramref name="width"/> columns, keeping the label and the path's end (the file name).</summary>
    private static string Fit(string prefix, string path, int width)
    {
        if (prefix.Length + path.Length <= width)
            return prefix + path;
        var room = width - prefix.Length - 1;
        return room >= 4 ? prefix + Ellipsis + path[^room..] : Clip(prefix + path, width);
    }

    /// <summary>Any control character (a newline in a file name, say) would break the row count: shown as '?'.</summary>
    private static string OneRow(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? '?' : c)) : text;

    private static string Clip(string line, int columns)
    {
        if (line.Length <= columns)
            return line;
        if (columns <= 1)
            return columns <= 0 ? "" : Ellipsis.ToString();
        var builder = new StringBuilder(line, 0, columns - 1, columns);
        return builder.Append(Ellipsis).ToString();
    }
}
