using System.Text.RegularExpressions;

namespace DownloadModels.Repos;

/// <summary>
/// A repo named the way huggingface_hub's <c>parse_hf_uri</c> reads it: <c>hf://[TYPE/]ORG/NAME[@REVISION][/PATH]</c>
/// (TYPE plural: models, datasets, spaces), or a web URL copied from the browser
/// (<c>https://huggingface.co/[TYPE/]ORG/NAME[/blob|tree|resolve|raw|blame/REVISION/PATH]</c>, also without the
/// scheme) on the Hub's hosts or the configured endpoint's. <see cref="Path"/> names a file or a folder
/// (<see cref="IsFolder"/> when it ended with '/'); empty for the whole repo.
/// </summary>
internal sealed partial record HubUri(RepoType Type, string Id, string? Revision, string Path, bool IsFolder)
{
    public const string Scheme = "hf://";

    /// <summary>The hosts whose web URLs name a repo, whatever the endpoint (huggingface_hub's <c>HF_URL_HOSTS</c>).</summary>
    public static readonly IReadOnlyList<string> HubHosts = ["huggingface.co", "hf.co", "hub-ci.huggingface.co"];

    private static readonly string[] TypePrefixes = ["models", "datasets", "spaces", "kernels", "buckets"];
    private static readonly string[] ViewerRoutes = ["blame", "blob", "raw", "resolve", "tree"];

    /// <summary>
    /// Whether <paramref name="text"/> is meant as a URI rather than a repo id: <c>hf://</c>, <c>http(s)://</c>, or a
    /// host in front of a path (<c>huggingface.co/org/name</c>: a first segment with a '.' or a port, and more than one
    /// '/', which no repo id has). Such text is parsed as a URI, never as an id.
    /// </summary>
    public static bool IsUriLike(string text) =>
        text.StartsWith(Scheme, StringComparison.Ordinal)
        || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || (text.Count(c => c == '/') > 1 && text.Split('/')[0].IndexOfAny(['.', ':']) > 0);

    /// <summary>Parses a hf:// URI or a web URL; a web URL's host must be the Hub's or <paramref name="endpoint"/>'s.</summary>
    public static bool TryParse(string text, Uri? endpoint, out HubUri? uri, out string error)
    {
        uri = null;
        string body;
        if (text.StartsWith(Scheme, StringComparison.Ordinal))
        {
            body = text[Scheme.Length..];
            if (body.Length == 0)
                return Fail(text, "nothing after 'hf://'", out error);
        }
        else if (!TryUrlBody(text, endpoint, out body, out error))
        {
            return false;
        }

        if (!TrySplitType(body, text, out var type, out var location, out error) || !TryParseRepo(location, text, out var id, out var revision, out var path, out error))
            return false;
        if (RepoId.TryParse(id, type, out _, out var idError) is false)
            return Fail(text, idError.TrimEnd('.'), out error);
        if (revision is not null && RevisionName.Validate(revision) is { } revisionError)
            return Fail(text, revisionError.TrimEnd('.'), out error);
        if (path.Length > 0 && RepoPath.Validate(path) is { } pathError)
            return Fail(text, $"the path in it is not valid: {pathError}", out error);

        uri = new HubUri(type, id, revision, path, path.Length > 0 && text.EndsWith('/'));
        error = "";
        return true;
    }

    /// <summary>huggingface_hub's <c>_split_type</c>: an optional plural type prefix; a singular one is refused.</summary>
    private static bool TrySplitType(string body, string text, out RepoType type, out string location, out string error)
    {
        type = RepoType.Model;
        location = body;
        var slash = body.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? body : body[..slash];
        if (slash < 0 && TypePrefixes.Contains(first))
            return Fail(text, $"nothing after '{first}': expected hf://{first}/ORG/NAME", out error);
        if (TypePrefixes.Any(p => p == first + "s"))
            return Fail(text, $"the type prefix must be plural: '{first}s/', not '{first}/'", out error);
        if (slash < 0 || !TypePrefixes.Contains(first))
        {
            error = "";
            return true;
        }

        location = body[(slash + 1)..];
        switch (first)
        {
            case "models":
                type = RepoType.Model;
                break;
            case "datasets":
                type = RepoType.Dataset;
                break;
            case "spaces":
                type = RepoType.Space;
                break;
            default:
                return Fail(text, $"{first} are not supported: download-models gets models, datasets and spaces", out error);
        }

        error = "";
        return true;
    }

    /// <summary>
    /// huggingface_hub's <c>_parse_repo_body</c>: <c>ORG/NAME[@REVISION][/PATH]</c>. The '@' counts only right after the
    /// id (one in a file name is literal); <c>refs/pr/N</c> and <c>refs/convert/NAME</c> keep their slashes; the revision
    /// is percent-decoded (<c>feature%2Ffoo</c>).
    /// </summary>
    private static bool TryParseRepo(string location, string text, out string id, out string? revision, out string path, out string error)
    {
        (id, revision, path) = ("", null, "");
        location = location.Trim('/');
        if (location.Length == 0)
            return Fail(text, "no repository id in it", out error);

        var at = location.IndexOf('@', StringComparison.Ordinal);
        if (at < 0 || location[..at].Count(c => c == '/') > 1)
        {
            var parts = location.Split('/', 3);
            if (parts.Length < 2)
                return Fail(text, $"the repository id must be ORG/NAME, got '{location}'", out error);
            id = $"{parts[0]}/{parts[1]}";
            path = parts.Length > 2 ? parts[2] : "";
        }
        else
        {
            id = location[..at];
            var rest = location[(at + 1)..];
            if (id.Count(c => c == '/') != 1)
                return Fail(text, $"the repository id must be ORG/NAME, got '{id}'", out error);
            var special = SpecialRef().Match(rest);
            var revisionText = special.Success ? special.Value : rest.Split('/', 2)[0];
            path = rest[revisionText.Length..].TrimStart('/');
            revision = Uri.UnescapeDataString(revisionText);
            if (revision.Length == 0)
                return Fail(text, "the revision after '@' is empty", out error);
        }

        if (path.Contains("//", StringComparison.Ordinal))
            return Fail(text, $"the path '{path}' has an empty segment", out error);
        error = "";
        return true;
    }

    /// <summary>
    /// huggingface_hub's <c>_url_to_uri_body</c>: a web URL (or one without its scheme) on a Hub host or the endpoint's,
    /// its endpoint path prefix dropped, query and fragment ignored; only repo pages and file or folder views.
    /// </summary>
    private static bool TryUrlBody(string text, Uri? endpoint, out string body, out string error)
    {
        body = "";
        var rest = text;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            var scheme = text[..schemeEnd].ToLowerInvariant();
            if (scheme is not ("http" or "https"))
                return Fail(text, "not a repo id, an hf:// URI or an http(s) URL", out error);
            rest = text[(schemeEnd + 3)..];
        }

        var end = rest.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? rest : rest[..end];
        var pathPart = end < 0 ? "" : rest[end..];
        var cut = pathPart.IndexOfAny(['?', '#']);
        if (cut >= 0)
            pathPart = pathPart[..cut];
        var host = HostOf(authority);
        var endpointHost = endpoint?.Host.ToLowerInvariant();
        if (!HubHosts.Contains(host) && host != endpointHost)
        {
            var known = string.Join(", ", endpointHost is null ? HubHosts : [.. HubHosts, endpointHost]);
            return Fail(text, $"'{host}' is not a Hub host ({known})", out error);
        }

        var prefix = endpoint?.AbsolutePath.Trim('/') ?? "";
        if (prefix.Length > 0 && host == endpointHost && (pathPart == "/" + prefix || pathPart.StartsWith("/" + prefix + "/", StringComparison.Ordinal)))
            pathPart = pathPart[(prefix.Length + 1)..];

        var segments = pathPart.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var typePrefix = segments.Length > 0 && TypePrefixes.Contains(segments[0]) ? segments[0] + "/" : "";
        if (typePrefix.Length > 0)
            segments = segments[1..];
        if (segments.Length < 2)
            return Fail(text, "it names no ORG/NAME repository (a user or organization page, or a listing?)", out error);

        body = $"{typePrefix}{segments[0]}/{segments[1]}";
        if (segments.Length > 2)
        {
            if (!ViewerRoutes.Contains(segments[2]))
                return Fail(text, $"its '/{segments[2]}/' page names no file or folder (use a blob, tree, resolve, raw or blame link, or the repo page)", out error);
            if (segments.Length > 3)
                body += "@" + string.Join('/', segments[3..].Select(s => Uri.UnescapeDataString(s).Replace("/", "%2F", StringComparison.Ordinal)));
        }

        error = "";
        return true;
    }

    /// <summary>The lowercased host of <c>[user@]host[:port]</c> (IPv6 in brackets kept whole).</summary>
    private static string HostOf(string authority)
    {
        var host = authority[(authority.LastIndexOf('@') + 1)..];
        if (host.StartsWith('['))
            return host[..(host.IndexOf(']', StringComparison.Ordinal) + 1)].ToLowerInvariant();
        var colon = host.LastIndexOf(':');
        return (colon >= 0 ? host[..colon] : host).ToLowerInvariant();
    }

    private static bool Fail(string text, string why, out string error)
    {
        error = $"'{RepoId.Printable(text)}' is not a valid Hub URI: {why}.";
        return false;
    }

    [GeneratedRegex(@"^refs/(?:convert/[\w.-]+|pr/\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex SpecialRef();
}
