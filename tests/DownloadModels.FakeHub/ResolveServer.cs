using Microsoft.AspNetCore.Http;

namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// File downloads (protocol §3): /resolve/ answers LFS files with a 302 to a signed CDN URL, public regular
/// files with a relative 307 to /api/resolve-cache/, and private, gated or empty regular files directly.
/// </summary>
internal sealed class ResolveServer(FakeHub hub, RepoDirectory repos)
{
    private const string XetFileInfoType = "application/vnd.xet-fileinfo+json";

    public async Task<bool> TryHandleAsync(HttpContext context, RequestLog log, RequestTarget target, CancellationToken token)
    {
        var s = target.Segments;
        if (s.Length >= 7 && s[0] == "api" && s[1] == "resolve-cache" && ApiServer.TryType(s[2], out var type))
        {
            await ResolveCacheAsync(context, log, type, $"{s[3]}/{s[4]}", s[5], target.PathFrom(6), token);
        }
        else if (s.Length >= 6 && s[0] == "datasets" && s[3] == "resolve")
        {
            await ResolveAsync(context, log, target, "dataset", $"{s[1]}/{s[2]}", s[4], target.PathFrom(5), token);
        }
        else if (s.Length >= 5 && s[2] == "resolve")
        {
            await ResolveAsync(context, log, target, "model", $"{s[0]}/{s[1]}", s[3], target.PathFrom(4), token);
        }
        else
        {
            return false;
        }

        return true;
    }

    private async Task ResolveAsync(HttpContext context, RequestLog log, RequestTarget target, string type, string repoId, string revision, string path, CancellationToken token)
    {
        if (hub.Faults.TryFire(FaultKind.RedirectLoop, FakeHost.Api, log.DecodedTarget) is not null)
        {
            await RedirectAsync(context, 302, hub.ApiUrl + target.Raw);
            return;
        }

        if (await FindAsync(context, type, repoId, revision, path) is not var (repo, snapshot, file))
        {
            return;
        }

        var headers = context.Response.Headers;
        if (file.Lfs)
        {
            // The 302's own ETag names the pointer; the content's identity travels in X-Linked-Etag.
            headers.ETag = Etag(file.Oid);
            headers["X-Linked-Etag"] = $"\"{file.Content.Sha256}\"";
            headers["X-Linked-Size"] = file.Size.ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers.AcceptRanges = "bytes";
            if (repo.XetHash(file) is { } xetHash)
            {
                // A Xet client fetches the content through Xet with a token from this route; a plain HTTP
                // client (huggingface_hub with Xet off, download-models) ignores both and follows the 302.
                headers["X-Xet-Hash"] = xetHash;
                var auth = $"<{hub.ApiUrl}/api/{type}s/{repoId}/xet-read-token/{snapshot.Commit}>; rel=\"xet-auth\"";
                // Only a file the CAS really holds gets the reconstruction link (the Hub names the v1 route there).
                headers.Link = file.Xet is null ? auth : $"{auth}, <{hub.Cas.ReconstructionUrl(xetHash)}>; rel=\"xet-reconstruction-info\"";
                if (file.Xet is not null && context.Request.Headers.Accept.ToString().Contains(XetFileInfoType, StringComparison.OrdinalIgnoreCase))
                {
                    // @huggingface/hub's fileDownloadInfo asks this way and reads only the headers (protocol doc §1);
                    // what the Hub puts in the body is not known, so the same facts go there as JSON.
                    var info = new System.Text.Json.Nodes.JsonObject
                    {
                        ["hash"] = xetHash,
                        ["size"] = file.Size,
                        ["etag"] = file.Content.Sha256,
                        ["refreshUrl"] = $"{hub.ApiUrl}/api/{type}s/{repoId}/xet-read-token/{snapshot.Commit}",
                        ["reconstructionUrl"] = hub.Cas.ReconstructionUrl(xetHash),
                    };
                    await HubAnswers.BytesAsync(context, 200, XetFileInfoType, System.Text.Encoding.UTF8.GetBytes(info.ToJsonString()));
                    return;
                }
            }

            await RedirectAsync(context, 302, hub.Cdn.Issue(repo, file, log.DecodedTarget));
        }
        else if (!repo.Private && !repo.Gated && file.Size > 0)
        {
            var plural = type + "s";
            await RedirectAsync(context, 307, $"/api/resolve-cache/{plural}/{repoId}/{snapshot.Commit}/{RequestTarget.EncodePath(path)}");
        }
        else
        {
            await SendFileAsync(context, log, file, token);
        }
    }

    private async Task ResolveCacheAsync(HttpContext context, RequestLog log, string type, string repoId, string commit, string path, CancellationToken token)
    {
        if (await FindAsync(context, type, repoId, commit, path) is var (_, snapshot, file))
        {
            if (snapshot.Commit != commit)
            {
                context.Response.Headers.Remove("X-Repo-Commit");
                await HubAnswers.RevisionNotFoundAsync(context, commit);
                return;
            }

            await SendFileAsync(context, log, file, token);
        }
    }

    /// <summary>Authorises and looks the file up, answering the error itself when something is missing.</summary>
    private async Task<(FakeRepo, RepoSnapshot, FakeFile)?> FindAsync(HttpContext context, string type, string repoId, string revision, string path)
    {
        if (await repos.AuthorizeAsync(context, type, repoId, download: true) is not { } repo)
        {
            return null;
        }

        if (repo.Resolve(revision) is not { } snapshot)
        {
            await HubAnswers.RevisionNotFoundAsync(context, revision);
            return null;
        }

        if (!snapshot.Files.TryGetValue(path, out var file))
        {
            await HubAnswers.EntryNotFoundAsync(context, snapshot.Commit, path);
            return null;
        }

        context.Response.Headers["X-Repo-Commit"] = snapshot.Commit;
        return (repo, snapshot, file);
    }

    private Task SendFileAsync(HttpContext context, RequestLog log, FakeFile file, CancellationToken token)
    {
        var headers = context.Response.Headers;
        headers.ETag = Etag(file.Oid);
        headers.ContentType = file.Lfs ? "application/octet-stream" : "text/plain; charset=utf-8";
        headers.ContentDisposition = $"inline; filename*=UTF-8''{Uri.EscapeDataString(file.Name)}; filename=\"{file.Name}\";";
        return hub.Sender.SendAsync(context, log, file.Content, compressible: !file.Lfs, token);
    }

    private string Etag(string oid) => hub.WeakEtags ? $"W/\"{oid}\"" : $"\"{oid}\"";

    private static Task RedirectAsync(HttpContext context, int status, string location)
    {
        context.Response.Headers.Location = location;
        var text = status == 302 ? "Found" : "Temporary Redirect";
        return HubAnswers.TextAsync(context, status, "text/plain; charset=utf-8", $"{text}. Redirecting to {location}");
    }
}
