using System.Globalization;
using System.Numerics;
using System.Text;

namespace DownloadModels.Mirror;

/// <summary>
/// nginx configuration for a mirror folder. This tool needs only the stock <c>location / { root DIR; }</c>.
/// The Python libraries also send <c>HEAD …/resolve/{rev}/{file}</c> and refuse an answer without
/// <c>X-Repo-Commit</c>, and name blobs after <c>X-Linked-Etag</c>/<c>ETag</c>; <see cref="HubHeaders"/>
/// makes the maps that give nginx those two headers, derived from the folder itself.
/// </summary>
internal static class NginxConfig
{
    public static string Server(string root) =>
        $$"""
            server {
                listen 8080;
                location / { root {{Quote(root)}}; }
            }
        """;

    public static string PythonHeaders(string includePath) =>
        $$"""
            # in http { }:
            include {{Quote(includePath)}};
            # in the mirror's location / { }:
            add_header X-Repo-Commit $hub_repo_commit always;
            add_header X-Linked-Etag $hub_linked_etag always;
            add_header X-Error-Code $hub_error_code always;
        """;

    public static string HubHeaders(IReadOnlyList<MirroredRevision> revisions)
    {
        var commits = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var etags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in revisions)
        {
            foreach (var name in new[] { r.Commit, r.Revision }.Distinct(StringComparer.Ordinal))
            {
                var prefix = $"/{r.Repo.UrlPrefix}/resolve/{name}/";
                commits[prefix] = r.Commit;
                foreach (var file in r.Files)
                    etags[prefix + file.Path] = file.Lfs?.Oid ?? file.Oid;
            }
        }

        var longestKey = etags.Keys.Select(Encoding.UTF8.GetByteCount).DefaultIfEmpty(0).Max();
        var text = new StringBuilder();
        text.Append("""
            # Written by `download-models mirror` from the mirror folder; rewritten by every run. Not needed by
            # download-models itself. It gives the Python libraries (huggingface_hub) the headers a static
            # server lacks: X-Repo-Commit (without it hf_hub_download refuses the answer), X-Linked-Etag
            # (the blob name, so their cache is the Hub's) and, on a 404 for a file of a mirrored commit,
            # X-Error-Code: EntryNotFound (so they record the file as absent in .no_exist instead of asking
            # again on every run). Include it in http { } and add to the location:
            #     add_header X-Repo-Commit $hub_repo_commit always;
            #     add_header X-Linked-Etag $hub_linked_etag always;
            #     add_header X-Error-Code $hub_error_code always;
            # The two hash sizes fit this file's keys; if http { } already sets them, keep the larger values.

            """);
        text.Append(CultureInfo.InvariantCulture, $"map_hash_bucket_size {PowerOfTwo(longestKey + 32, 128)};\n");
        text.Append(CultureInfo.InvariantCulture, $"map_hash_max_size {PowerOfTwo(etags.Count * 2, 2048)};\n\n");
        text.Append("map $uri $hub_repo_commit {\n    default \"\";\n");
        foreach (var (prefix, commit) in commits)
            text.Append(CultureInfo.InvariantCulture, $"    {Quote("~^" + RegexEscape(prefix))} {commit};\n");
        text.Append("}\n\nmap $uri $hub_linked_etag {\n    default \"\";\n");
        foreach (var (uri, etag) in etags)
            text.Append(CultureInfo.InvariantCulture, $"    {Quote(uri)} {Quote("\"" + etag + "\"")};\n");
        // A file missing from a mirrored commit is the Hub's EntryNotFound; anything else missing (a repo or
        // revision the mirror lacks) stays a plain 404.
        text.Append("}\n\nmap \"$status:$hub_repo_commit\" $hub_error_code {\n    default \"\";\n    \"~^404:[0-9a-f]{40}$\" EntryNotFound;\n}\n");
        return text.ToString();
    }

    /// <summary>An nginx quoted string: only '"' and '\' need escaping inside it.</summary>
    public static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string RegexEscape(string value) =>
        string.Concat(value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' ? c.ToString() : "\\" + c));

    private static int PowerOfTwo(int atLeast, int minimum) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(atLeast, minimum));
}
