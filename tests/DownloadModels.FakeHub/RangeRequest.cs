namespace DownloadModels.Tests.FakeHub;

/// <summary>A single-range <c>Range: bytes=…</c> header, as S3 and the Hub honour it.</summary>
internal readonly record struct RangeRequest(long? Start, long? End)
{
    /// <summary>Null when the header is absent or not a single bytes range, which servers ignore.</summary>
    public static RangeRequest? Parse(string? header)
    {
        if (header is null || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(','))
        {
            return null;
        }

        var spec = header["bytes=".Length..].Trim();
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return null;
        }

        long? start = dash == 0 ? null : long.TryParse(spec[..dash], out var s) ? s : -1;
        long? end = dash == spec.Length - 1 ? null : long.TryParse(spec[(dash + 1)..], out var e) ? e : -1;
        if (start < 0 || end < 0 || (start is null && end is null) || end < start)
        {
            return null;
        }

        return new RangeRequest(start, end);
    }

    /// <summary>The inclusive byte span to send, or null when unsatisfiable (416).</summary>
    public (long First, long Last)? Resolve(long total)
    {
        if (Start is null)
        {
            // Suffix form "bytes=-N": the last N bytes.
            return End > 0 && total > 0 ? (Math.Max(0, total - End!.Value), total - 1) : null;
        }

        if (Start >= total)
        {
            return null;
        }

        return (Start.Value, Math.Min(End ?? long.MaxValue, total - 1));
    }
}
