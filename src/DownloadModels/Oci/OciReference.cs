using System.Text.RegularExpressions;

namespace DownloadModels.Oci;

/// <summary>
/// An artifact in a registry as the command line names it: <c>oci://REGISTRY/NAME[:TAG|@sha256:…]</c>
/// (REGISTRY is host[:port]; NAME the repository, lowercase path components as the distribution spec has them).
/// Without a tag or digest the tag is <c>latest</c>.
/// </summary>
internal sealed partial record OciReference(string Registry, string Name, string? Tag, string? Digest)
{
    public const string Scheme = "oci://";
    public const string DefaultTag = "latest";

    /// <summary>The tag or digest a manifest request names.</summary>
    public string Reference => Digest ?? Tag ?? DefaultTag;

    public override string ToString() => $"{Scheme}{Registry}/{Name}{(Digest is not null ? "@" + Digest : ":" + (Tag ?? DefaultTag))}";

    /// <summary>The reference, or the one-line reason it is not one.</summary>
    public static (OciReference? Reference, string? Error) Parse(string text)
    {
        if (!text.StartsWith(Scheme, StringComparison.Ordinal))
            return (null, $"'{text}' is not a registry reference: write it as oci://REGISTRY/NAME[:TAG] (e.g. oci://registry.example.com/models/bge:v1).");
        var rest = text[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
            return (null, $"'{text}' names no repository: write oci://REGISTRY/NAME[:TAG], e.g. oci://localhost:5000/models/set.");
        var registry = rest[..slash];
        var path = rest[(slash + 1)..];
        if (!HostPattern().IsMatch(registry))
            return (null, $"'{registry}' is not a registry host: write host or host:port.");
        string? tag = null, digest = null;
        var at = path.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = path[(at + 1)..];
            path = path[..at];
            if (!OciDigest.IsValid(digest))
                return (null, $"'{digest}' is not a digest: write @sha256: and 64 lowercase hex digits.");
        }
        else
        {
            var colon = path.LastIndexOf(':');
            if (colon >= 0)
            {
                tag = path[(colon + 1)..];
                path = path[..colon];
                if (!TagPattern().IsMatch(tag))
                    return (null, $"'{tag}' is not a valid tag: letters, digits, '_', '.' and '-', at most 128, not starting with '.' or '-'.");
            }
        }

        if (!NamePattern().IsMatch(path) || path.Length > 255)
            return (null, $"'{path}' is not a valid repository name: lowercase letters and digits, separated by '/', '.', '_' or '-'.");
        return (new OciReference(registry, path, tag, digest), null);
    }

    public OciReference WithDigest(string digest) => this with { Digest = digest, Tag = null };

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?\z|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
