using System.Globalization;
using DownloadModels.Hub;
using DownloadModels.Units;

namespace DownloadModels.Output;

/// <summary>
/// The lines of the live block: one per model in progress (files done, bytes, speed), under it its active
/// files, then retries being waited out, then the total with the ETA. Every line fits one terminal row
/// (the redraw moves the cursor up by the rows it drew, and a wrapped line would leave a stale row behind),
/// and the block fits the terminal's height. On a narrow terminal columns give way — speed, then sizes,
/// then the bar, then the file count — before a name is cut; a name keeps its end (the file name).
/// </summary>
internal static class LiveBlock
{
    /// <summary>At most this many file lines; the rest are summed up in one "… and N more files" line.</summary>
    public const int MaxFileLines = 8;

    /// <summary>At most this many retry lines at once.</summary>
    public const int MaxRetryLines = 2;

    private const int BarCells = 10;

    /// <summary>Below this a file is over before its speed means anything: its row shows none.</summary>
    private const long TinyFileBytes = 1_000_000;
    private const string FileIndent = "  ";

    /// <summary>The columns a name keeps before the details give way.</summary>
    private const int MinHeadColumns = 20;

    public static IReadOnlyList<string> Render(TransferTally tally, IReadOnlyList<RetryNotice> retries, TerminalSize size)
    {
        if (tally.Models.Count == 0 && tally.Active.Count == 0 && retries.Count == 0)
            return [];
        var snapshot = tally.Sample();
        var (width, height) = size.Usable;
        var columns = Math.Max(1, width - 1); // the last column is left free: writing into it makes some terminals wrap early

        // Rows: the total first, then the models, then retries, then files; never more than the terminal shows.
        var avail = Math.Max(0, height - 2);
        var models = tally.Models.ToArray();
        var shownModels = models.Length <= avail ? models : models.Take(Math.Max(0, avail - 1)).ToArray();
        avail -= shownModels.Length + (shownModels.Length < models.Length ? 1 : 0);
        var shownRetries = retries.TakeLast(Math.Min(MaxRetryLines, Math.Max(0, avail))).ToArray();
        avail -= shownRetries.Length;
        var candidates = shownModels.SelectMany(m => tally.Active.Where(a => a.Model == m)).ToArray();
        var fileRows = Math.Min(Math.Min(candidates.Length, MaxFileLines), Math.Max(0, avail));
        var shownFiles = candidates.Length <= fileRows ? candidates : candidates.Take(Math.Max(0, fileRows - 1)).ToArray();
        var hiddenFiles = tally.Active.Count - shownFiles.Length;

        var rows = new List<Row>();
        foreach (var model in shownModels)
        {
            rows.Add(ModelRow(tally, model));
            rows.AddRange(shownFiles.Where(f => f.Model == model).Select(f => FileRow(tally, f)));
        }

        var lines = Fit(rows, columns);
        if (hiddenFiles > 0 && fileRows > 0)
            lines.Add(DisplayText.Clip($"{FileIndent}{DisplayText.Ellipsis} and {hiddenFiles} more {(hiddenFiles == 1 ? "file" : "files")}", columns));
        if (shownModels.Length < models.Length)
            lines.Add(DisplayText.Clip($"{DisplayText.Ellipsis} and {models.Length - shownModels.Length} more models", columns));
        lines.AddRange(shownRetries.Select(r => DisplayText.Clip(OneRow(r.ToString()), columns)));
        lines.Add(Total(snapshot, columns));
        return lines;
    }

    /// <summary>One line of the block before fitting: its name in long and short forms, then its cells.</summary>
    private sealed record Row(string Prefix, string Name, string ShortName, int Percent, string Files, string Sizes, string Speed);

    private static Row ModelRow(TransferTally tally, ModelTally model)
    {
        var request = model.Request;
        var plan = model.Plan;
        var done = Math.Min(tally.DoneOf(model), plan.TotalBytes);
        var name = OneRow(request.Repo.Id);
        var shortName = name.Contains('/', StringComparison.Ordinal) ? name[(name.LastIndexOf('/') + 1)..] : name;
        var prefix = request.Label == request.Repo.Id ? "" : ProgressLines.Prefix(OneRow(request.Label));
        // No file of it in flight: planned but not started (the others hold every connection) is "queued"; every file
        // in place (its links and refs being written, the summary a moment away) shows no speed. Never "0 B/s".
        var speed = tally.Active.Any(a => a.Model == model) ? ByteSize.FormatRate(tally.RateOf(model))
            : model.FilesDone >= plan.Files.Count ? ""
            : "queued";
        return new Row(prefix, name, shortName, ProgressLines.Percent(done, plan.TotalBytes),
            $"{model.FilesDone}/{plan.Files.Count} files", $"{ByteSize.Format(done)}/{ByteSize.Format(plan.TotalBytes)}", speed);
    }

    private static Row FileRow(TransferTally tally, ActiveFile file)
    {
        var progress = file.Progress;
        var path = OneRow(progress.Path);
        return new Row(FileIndent, path, path, ProgressLines.Percent(progress.Done, progress.Total), "",
            $"{ByteSize.Format(progress.Done)}/{ByteSize.Format(progress.Total)}", progress.Total < TinyFileBytes ? "" : ByteSize.FormatRate(tally.RateOf(file)));
    }

    /// <summary>The rows as aligned lines at the richest detail that leaves the names room.</summary>
    private static List<string> Fit(List<Row> rows, int columns)
    {
        if (rows.Count == 0)
            return [];
        var longestHead = rows.Max(r => DisplayText.Width(r.Prefix + r.Name));
        string[][] cells = [];
        int[] widths = [];
        var suffix = 0;
        for (var detail = 4; detail >= 0; detail--)
        {
            cells = rows.Select(r => Cells(r, detail)).ToArray();
            widths = Enumerable.Range(0, cells[0].Length).Select(c => cells.Max(x => DisplayText.Width(x[c]))).ToArray();
            suffix = widths.Sum(w => w + 2);
            if (columns - suffix >= Math.Min(longestHead, MinHeadColumns))
                break;
        }

        var headWidth = Math.Max(0, Math.Min(longestHead, columns - suffix));
        var lines = new List<string>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var head = DisplayText.PadRight(Head(rows[i], headWidth), headWidth);
            var tail = string.Concat(cells[i].Select((cell, c) => "  " + cell.PadLeft(widths[c])));
            lines.Add(DisplayText.Clip((head + tail).TrimEnd(), columns));
        }

        return lines;
    }

    /// <summary>The cells at a detail level: 4 everything; 3 without speed; 2 without sizes; 1 without the bar; 0 the percentage alone.</summary>
    private static string[] Cells(Row row, int detail)
    {
        var percent = string.Create(CultureInfo.InvariantCulture, $"{row.Percent,3}%");
        var filled = Math.Clamp(row.Percent * BarCells / 100, 0, BarCells);
        var bar = "[" + new string('#', filled) + new string('-', BarCells - filled) + "]";
        return detail switch
        {
            4 => [bar, percent, row.Files, row.Sizes, row.Speed],
            3 => [bar, percent, row.Files, row.Sizes],
            2 => [bar, percent, row.Files],
            1 => [percent, row.Files],
            _ => [percent],
        };
    }

    /// <summary>The prefix and name in <paramref name="width"/> columns: the full name, else the short one, else its end.</summary>
    private static string Head(Row row, int width)
    {
        var room = width - DisplayText.Width(row.Prefix);
        if (room <= 0)
            return DisplayText.Clip(row.Prefix, width);
        if (DisplayText.Width(row.Name) <= room)
            return row.Prefix + row.Name;
        return row.Prefix + DisplayText.ClipStart(row.ShortName, room);
    }

    /// <summary>The total, as much of it as fits: the ETA is the last thing to go.</summary>
    private static string Total(TallySnapshot snapshot, int columns)
    {
        var percent = string.Create(CultureInfo.InvariantCulture, $"{ProgressLines.Percent(snapshot.Done, snapshot.Expected)}%");
        var eta = ProgressLines.Eta(snapshot) is { } e ? ", ETA " + e : "";
        var sizes = $"{ByteSize.Format(snapshot.Done)} of {ByteSize.Format(snapshot.Expected)} ({percent})";
        string[] variants =
        [
            "total: " + ProgressLines.Aggregate(snapshot),
            $"total: {sizes}{eta}",
            $"total: {percent}{eta}",
            $"{percent}{eta}",
        ];
        return variants.FirstOrDefault(v => DisplayText.Width(v) <= columns) ?? DisplayText.Clip(variants[^1], columns);
    }

    /// <summary>Any control character (a newline in a file name, say) would break the row count: shown as '?'.</summary>
    private static string OneRow(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? '?' : c)) : text;
}
