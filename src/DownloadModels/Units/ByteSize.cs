using System.Globalization;

namespace DownloadModels.Units;

/// <summary>
/// Sizes in decimal units, the way the Hub's file listings show them, so what we print can be checked
/// against the model page at a glance: <c>523 B</c>, <c>2.2 kB</c>, <c>75.5 MB</c>, <c>471 MB</c>, <c>3.09 GB</c>.
/// </summary>
internal static class ByteSize
{
    private static readonly string[] Units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];

    public static string Format(long bytes)
    {
        if (bytes < 0)
            return "-" + Format(bytes == long.MinValue ? long.MaxValue : -bytes);
        if (bytes < 1000)
            return bytes.ToString(CultureInfo.InvariantCulture) + " B";

        double value = bytes;
        var unit = 0;
        while (value >= 1000 && unit < Units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        // Rounding can cross a threshold (99.96 → 100.0, 999.6 → 1000): pick the precision from the
        // rounded value, and move to the next unit when rounding reaches 1000.
        var decimals = Decimals(value, unit);
        var rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        if (Decimals(rounded, unit) < decimals)
        {
            decimals = Decimals(rounded, unit);
            rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        }

        if (rounded >= 1000 && unit < Units.Length - 1)
        {
            unit++;
            value /= 1000;
            decimals = Decimals(value, unit);
            rounded = Math.Round(value, decimals, MidpointRounding.AwayFromZero);
        }

        return rounded.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    /// <summary>A transfer speed: <c>12.3 MB/s</c>. Not-a-number or negative rates read as zero.</summary>
    public static string FormatRate(double bytesPerSecond)
    {
        var bytes = double.IsFinite(bytesPerSecond) && bytesPerSecond > 0
            ? (long)Math.Min(Math.Round(bytesPerSecond), long.MaxValue)
            : 0;
        return Format(bytes) + "/s";
    }

    // The Hub shows gigabytes with three significant digits (3.09 GB) but smaller units with at most
    // one decimal (2.2 kB, 75.5 MB); a decimal is dropped from 100 up (471 MB).
    private static int Decimals(double value, int unit) =>
        value < 10 && unit >= 3 ? 2 : value < 100 ? 1 : 0;
}
