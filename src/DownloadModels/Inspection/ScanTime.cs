using System.Globalization;

namespace DownloadModels.Inspection;

/// <summary>The one time format of `list`: UTC, to the second, ISO 8601 in JSON.</summary>
internal static class ScanTime
{
    public static string? Iso(DateTime? utc) =>
        utc is { } t ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : null;

    public static DateTime? Newest(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
