namespace DownloadModels.Hub;

/// <summary>Finds the <c>rel="next"</c> target of an RFC 8288 Link header (the Hub's pagination).</summary>
internal static class LinkHeader
{
    public static Uri? Next(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
            return null;
        foreach (var value in values)
        {
            foreach (var link in value.Split(','))
            {
                var parts = link.Split(';', StringSplitOptions.TrimEntries);
                if (parts.Length < 2 || !parts[0].StartsWith('<') || !parts[0].EndsWith('>'))
                    continue;
                if (!parts.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next"))
                    continue;
                var target = new Uri(current, parts[0][1..^1]);
                if (target.Scheme is not ("http" or "https"))
                    throw new HubException(HubErrorKind.Protocol, $"the Hub's next-page link is not an http(s) URL.");
                return target;
            }
        }

        return null;
    }
}
