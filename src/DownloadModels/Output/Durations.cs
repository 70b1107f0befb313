using System.Globalization;

namespace DownloadModels.Output;

/// <summary>Short human durations for progress and summary lines: <c>850 ms</c>, <c>4.2 s</c>, <c>1m 05s</c>, <c>1h 02m</c>.</summary>
internal static class Durations
{
    public static string Format(TimeSpan duration)
    {
        var seconds = Math.Max(0, duration.TotalSeconds);

        // Each unit is chosen from the value rounded to its own precision, so 999.6 ms reads 1.0 s
        // and 59.96 s reads 1m 00s rather than 1000 ms or 60.0 s.
        var ms = Math.Round(seconds * 1000, MidpointRounding.AwayFromZero);
        if (ms < 1000)
            return ms.ToString("F0", CultureInfo.InvariantCulture) + " ms";

        var tenths = Math.Round(seconds * 10, MidpointRounding.AwayFromZero);
        if (tenths < 600)
            return (tenths / 10).ToString("F1", CultureInfo.InvariantCulture) + " s";

        return Coarse((long)Math.Round(seconds, MidpointRounding.AwayFromZero));
    }

    /// <summary>
    /// An estimate of time left, in whole seconds rounded up (<c>6 s</c>, <c>1m 05s</c>): a tenth of a
    /// second would claim a precision a guess does not have.
    /// </summary>
    public static string FormatEta(TimeSpan remaining)
    {
        var seconds = (long)Math.Min(Math.Ceiling(Math.Max(0, remaining.TotalSeconds)), long.MaxValue / 2);
        return seconds < 60 ? seconds.ToString(CultureInfo.InvariantCulture) + " s" : Coarse(seconds);
    }

    private static string Coarse(long seconds)
    {
        if (seconds < 3600)
            return string.Create(CultureInfo.InvariantCulture, $"{seconds / 60}m {seconds % 60:00}s");

        var minutes = (seconds + 30) / 60;
        return string.Create(CultureInfo.InvariantCulture, $"{minutes / 60}h {minutes % 60:00}m");
    }
}
