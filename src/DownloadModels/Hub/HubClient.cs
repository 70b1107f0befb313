using System.Text.Json;
using DownloadModels.Errors;
using DownloadModels.Repos;

namespace DownloadModels.Hub;

/// <summary>The Hub's JSON API: resolve a revision to a commit, list a commit's files.</summary>
internal sealed class HubClient(HubHttp http, RetryPolicy retry)
{
    /// <summary>A tree page holds at most 1000 entries; these bounds stop a hostile or looping server.</summary>
    public const int MaxTreePages = 10_000;
    public const int MaxPageBytes = 64 * 1024 * 1024;

    /// <summary>Ten times the Hub's recommended file count per repo; bounds memory (~300 MB) before the page bounds would.</summary>
    public const int MaxTreeFiles = 1_000_000;
    public const long MaxListingBytes = 1L << 30;
    private const int MaxRevisionBytes = 16 * 1024 * 1024;

    public HubHttp Http { get; } = http;

    public Task<RepoRevision> ResolveRevisionAsync(RepoId repo, string revision, CancellationToken ct)
    {
        var url = Http.Connection.Url($"api/{repo.TypePlural}/{repo.Id}/revision/{Uri.EscapeDataString(revision)}");
        var what = $"{repo}@{revision}";
        return retry.RunAsync(async attemptCt =>
        {
            using var response = await Http.GetAsync(url, 0, attemptCt, identityEncoding: false);
            if (!response.IsSuccessStatusCode)
                throw await HubErrors.FromResponseAsync(response, repo, what, Http.Connection.Token is not null, attemptCt);
            var body = await BoundedBody.ReadAsync(response.Content, MaxRevisionBytes, what, attemptCt);
            var info = Parse(body, HubJsonContext.Default.RevisionInfoDto, what);
            if (info?.Sha is not { } sha || !RevisionName.IsCommitHash(sha))
                throw new HubException(HubErrorKind.Protocol, $"{what}: the Hub's answer carries no valid commit id (sha).");
            var gated = info.Gated.ValueKind == JsonValueKind.String ? info.Gated.GetString() : null;
            return new RepoRevision(repo, revision, sha, gated);
        }, e => NetworkErrors.Describe(e, Http.Connection.Endpoint, what), what, ct);
    }

    /// <summary>Lists every file at the commit, following each <c>Link: rel="next"</c> page.</summary>
    public async Task<IReadOnlyList<RepoFile>> ListFilesAsync(RepoId repo, string commit, CancellationToken ct)
    {
        var what = $"{repo}@{commit[..Math.Min(8, commit.Length)]} file list";
        var files = new List<RepoFile>();
        var seenPages = new HashSet<string>(StringComparer.Ordinal);
        var listingBytes = 0L;
        Uri? next = Http.Connection.Url($"api/{repo.TypePlural}/{repo.Id}/tree/{commit}?recursive=true&expand=false");
        while (next is not null)
        {
            if (!seenPages.Add(next.AbsoluteUri))
                throw new HubException(HubErrorKind.Protocol, $"{what}: the Hub's pagination links loop back to a page already read.");
            if (seenPages.Count > MaxTreePages)
                throw new HubException(HubErrorKind.Protocol, $"{what}: more than {MaxTreePages} pages; giving up.");
            var page = next;
            (var entries, next, var pageBytes) = await retry.RunAsync(async attemptCt =>
            {
                using var response = await Http.GetAsync(page, 0, attemptCt, identityEncoding: false);
                if (!response.IsSuccessStatusCode)
                    throw await HubErrors.FromResponseAsync(response, repo, what, Http.Connection.Token is not null, attemptCt);
                var body = await BoundedBody.ReadAsync(response.Content, MaxPageBytes, what, attemptCt);
                var parsed = Parse(body, HubJsonContext.Default.ListTreeEntryDto, what) ?? [];
                return (parsed, LinkHeader.Next(response, page), body.Length);
            }, e => NetworkErrors.Describe(e, Http.Connection.Endpoint, what), what, ct);
            listingBytes += pageBytes;
            if (listingBytes > MaxListingBytes || files.Count + entries.Count > MaxTreeFiles)
                throw new HubException(HubErrorKind.Protocol, $"{what}: the listing goes on past {MaxTreeFiles:N0} files or {MaxListingBytes >> 20:N0} MB; giving up.");
            foreach (var entry in entries)
            {
                if (TreeEntries.ToRepoFile(entry, what) is { } file)
                    files.Add(file);
            }
        }

        TreeEntries.RejectDuplicates(files, what);
        return files;
    }

    public Uri ResolveUrl(RepoId repo, string commit, string path) =>
        Http.Connection.Url($"{repo.UrlPrefix}/resolve/{commit}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}");

    private static T? Parse<T>(byte[] body, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException e)
        {
            throw new HubException(HubErrorKind.Protocol, $"{what}: the Hub sent JSON this tool cannot read ({SystemErrors.Describe(e)}).");
        }
    }
}
