namespace DownloadModels.Hub;

/// <summary>Reads the IETF draft header the Hub sends: <c>RateLimit: "api";r=0;t=42</c>.</summary>
internal static class RateLimitHeader
{
    public static TimeSpan? ResetAfter(string? header)
    {
        if (string.IsNullOrEmpty(header))
            return null;
        int? remaining = null;
        int? reset = null;
        foreach (var part in header.Split(';', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("r=", StringComparison.Ordinal) && int.TryParse(part.AsSpan(2), out var r))
                remaining = r;
            else if (part.StartsWith("t=", StringComparison.Ordinal) && int.TryParse(part.AsSpan(2), out var t))
                reset = t;
        }

        // Only an exhausted bucket means "wait": every answer carries this header.
        return remaining == 0 && reset is >= 0 ? TimeSpan.FromSeconds(reset.Value) : null;
    }
}
