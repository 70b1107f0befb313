namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// The request target split on the raw '/' separators before decoding, so an encoded <c>%2F</c> inside a
/// revision stays part of its segment, exactly as the Hub reads <c>refs%2Fpr%2F1</c>.
/// </summary>
internal sealed class RequestTarget
{
    private RequestTarget(string raw, string rawPath, string query, string[] segments)
    {
        Raw = raw;
        RawPath = rawPath;
        Query = query;
        Segments = segments;
    }

    public string Raw { get; }

    public string RawPath { get; }

    /// <summary>Query string without the leading '?', still encoded.</summary>
    public string Query { get; }

    /// <summary>Decoded path segments; empty segments (from "//") are kept so they fail to match.</summary>
    public string[] Segments { get; }

    public string Decoded => Uri.UnescapeDataString(Raw);

    public static RequestTarget Parse(string raw)
    {
        var question = raw.IndexOf('?');
        var rawPath = question < 0 ? raw : raw[..question];
        var query = question < 0 ? "" : raw[(question + 1)..];
        var segments = rawPath.TrimStart('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        return new RequestTarget(raw, rawPath, query, segments);
    }

    /// <summary>The remaining segments joined back into a repo path ("" when none).</summary>
    public string PathFrom(int index) => string.Join('/', Segments.Skip(index));

    public bool Is(int index, string value) => index < Segments.Length && Segments[index] == value;

    /// <summary>Encodes a repo path for a URL: each segment escaped, '/' kept (protocol §3).</summary>
    public static string EncodePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
