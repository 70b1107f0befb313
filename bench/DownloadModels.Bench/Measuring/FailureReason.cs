namespace DownloadModels.Bench.Measuring;

/// <summary>Why a run failed, in one line: the last thing the tool printed (a Python traceback ends with the error).</summary>
internal static class FailureReason
{
    private const int MaxLength = 240;

    public static string FromLog(string logPath)
    {
        if (!File.Exists(logPath))
        {
            return "";
        }

        var last = File.ReadLines(logPath).Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "";
        // Table cells: no pipes, and short enough to read.
        last = last.Replace('|', '/');
        return last.Length <= MaxLength ? last : last[..MaxLength] + "…";
    }
}
