namespace DownloadModels.Hub;

/// <summary>Finds the <c>rel="next"</c> target of an RFC 8288 Link header (the Hub's pagination), or any other rel's.</summary>
internal static class LinkHeader
{
    /// <summary>The target of the first link with <paramref name="rel"/>, resolved against <paramref name="current"/>; null when there is none or it is not http(s).</summary>
    public static Uri? Find(HttpResponseMessage response, Uri current, string rel)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
            return null;
        foreach (var link in values.SelectMany(SplitLinks))
        {
            var parts = link.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length < 2 || !parts[0].StartsWith('<') || !parts[0].EndsWith('>'))
                continue;
            if (!parts.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) == $"rel=\"{rel}\"" || p.Replace(" ", "", StringComparison.Ordinal) == $"rel={rel}"))
                continue;
            return Uri.TryCreate(current, parts[0][1..^1], out var target) && target.Scheme is "http" or "https" ? target : null;
        }

        return null;
    }

    public static Uri? Next(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
            return null;
        foreach (var link in values.SelectMany(SplitLinks))
        {
            var parts = link.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length < 2 || !parts[0].StartsWith('<') || !parts[0].EndsWith('>'))
                continue;
            if (!parts.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next"))
                continue;
            if (!Uri.TryCreate(current, parts[0][1..^1], out var target) || target.Scheme is not ("http" or "https"))
                throw new HubException(HubErrorKind.Protocol, "the Hub's next-page link is not a valid http(s) URL.");
            return target;
        }

        return null;
    }

    /// <summary>Splits a header value at the commas between links, not at commas inside a &lt;URL&gt;.</summary>
    private static IEnumerable<string> SplitLinks(string value)
    {
        var start = 0;
        var inUrl = false;
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '<': inUrl = true; break;
                case '>': inUrl = false; break;
                case ',' when !inUrl:
                    yield return value[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return value[start..];
    }
}
