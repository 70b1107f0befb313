using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// The CDN listener: issues signed URLs for LFS blobs and serves them, refusing forged, altered or
/// expired ones with S3's 403 AccessDenied. It never looks at Authorization: the signature is the grant.
/// </summary>
internal sealed class CdnServer(FakeHub hub, TimeProvider time)
{
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, SignedUrl> _issued = new(StringComparer.Ordinal);

    /// <summary>An absolute signed URL on the CDN port for the file, shaped like the Hub's cdn-lfs links.</summary>
    public string Issue(FakeRepo repo, FakeFile file, string resolveTarget)
    {
        var lifetime = hub.Faults.TryFire(FaultKind.ExpireSignedUrl, FakeHost.Api, resolveTarget)?.Duration ?? DefaultLifetime;
        var uses = hub.Faults.TryFire(FaultKind.LimitSignedUrlUses, FakeHost.Api, resolveTarget)?.Amount ?? long.MaxValue;
        var now = time.GetUtcNow();
        var expires = (now + lifetime).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var path = $"/repos/{HubHashes.Sha1Hex(repo.Type + "/" + repo.Id)[..16]}/{file.Content.Sha256}";
        _issued[signature] = new SignedUrl(path, expires, file.Content, file.Name, now + lifetime, uses);
        var disposition = Uri.EscapeDataString($"inline; filename*=UTF-8''{Uri.EscapeDataString(file.Name)}; filename=\"{file.Name}\";");
        return $"{hub.CdnUrl}{path}?response-content-disposition={disposition}"
            + $"&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}"
            + $"&X-Amz-Expires={(long)Math.Ceiling(lifetime.TotalSeconds)}&Expires={expires}&Signature={signature}&Key-Pair-Id=KFAKEHUB";
    }

    public async Task HandleAsync(HttpContext context, RequestLog log, RequestTarget target, CancellationToken token)
    {
        var query = QueryHelpers.ParseQuery(target.Query);
        if (!_issued.TryGetValue(query.GetValueOrDefault("Signature").ToString(), out var url)
            || url.Path != target.RawPath
            || query.GetValueOrDefault("Expires").ToString() != url.Expires)
        {
            await DeniedAsync(context, "AccessDenied", "Access denied");
            return;
        }

        if (time.GetUtcNow() >= url.ExpiresAt || !url.TryUse())
        {
            await DeniedAsync(context, "AccessDenied", "Request has expired");
            return;
        }

        var headers = context.Response.Headers;
        headers.ContentType = "application/octet-stream";
        headers.ETag = $"\"{url.Content.Sha256[..32]}\"";
        headers.LastModified = hub.Started.ToString("R");
        headers.ContentDisposition = $"inline; filename*=UTF-8''{Uri.EscapeDataString(url.FileName)}; filename=\"{url.FileName}\";";
        await hub.Sender.SendAsync(context, log, url.Content, compressible: false, token);
    }

    private static Task DeniedAsync(HttpContext context, string code, string message) =>
        HubAnswers.TextAsync(context, 403, "application/xml",
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message></Error>");
}
