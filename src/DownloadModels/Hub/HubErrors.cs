using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DownloadModels.Repos;

namespace DownloadModels.Hub;

/// <summary>Turns an error answer from the Hub or its CDN into a <see cref="HubException"/> with advice.</summary>
internal static partial class HubErrors
{
    public static async Task<HubException> FromResponseAsync(HttpResponseMessage response, RepoId repo, string what, bool sentToken, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var code = Header(response, "X-Error-Code");
        var hubMessage = Redact(Header(response, "X-Error-Message") ?? await ReadErrorBodyAsync(response, ct), response);
        var retryAfter = RetryAfterOf(response);
        var repoUrl = $"{response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Authority)}/{repo.UrlPrefix}";

        if (status is 408 or 429 || status >= 500)
            return new HubException(HubErrorKind.Transient, retryAfter > RetryPolicy.MaxServerHint
                ? $"{what}: the server answered {status} {response.ReasonPhrase} and asks to wait {(long)retryAfter.Value.TotalSeconds} s (Retry-After), longer than download-models waits ({(long)RetryPolicy.MaxServerHint.TotalSeconds} s); run again later."
                : $"{what}: the server answered {status} {response.ReasonPhrase}; retry later.", status, retryAfter);

        return code switch
        {
            "GatedRepo" => new HubException(HubErrorKind.GatedRepo, sentToken
                ? $"{repo} is gated and your token is not (yet) approved for it: accept the licence at {repoUrl} with the account that owns the token, then run again."
                : $"{repo} is gated: accept its licence at {repoUrl}, then pass a token with --token or HF_TOKEN.", status),
            "RepoNotFound" => new HubException(HubErrorKind.RepoNotFound, sentToken
                ? $"repository {repo} was not found ({status}): check the id, and that your token can read it if it is private."
                : $"repository {repo} was not found ({status}): check the id, or pass a token (--token or HF_TOKEN) if it is private.", status),
            "RevisionNotFound" => new HubException(HubErrorKind.RevisionNotFound,
                $"{what}: revision not found in {repo}: check the branch, tag or commit given with --revision.", status),
            "EntryNotFound" => new HubException(HubErrorKind.EntryNotFound,
                $"{what}: not found in {repo} at that commit.", status),
            _ when status == 403 && hubMessage?.Contains("disabled", StringComparison.OrdinalIgnoreCase) == true =>
                new HubException(HubErrorKind.Disabled, $"{repo} is disabled on the Hub ({hubMessage}).", status),
            _ when status == 401 => new HubException(HubErrorKind.Unauthorized, sentToken
                ? $"{what}: the Hub refused the token (401): check --token, HF_TOKEN or the token file."
                : $"{what}: the Hub asks for a token (401): pass one with --token or HF_TOKEN.", status),
            _ => new HubException(HubErrorKind.Other,
                $"{what}: the server answered {status} {response.ReasonPhrase}{(hubMessage is null ? "" : $" ({Trim(hubMessage)})")}.", status),
        };
    }

    /// <summary>Retry-After in seconds or as a date, else the t= of the RateLimit header.</summary>
    /// <summary>408, 429 and 5xx: worth another try (the Xet store's answers too).</summary>
    public static bool IsTransientStatus(System.Net.HttpStatusCode status) => (int)status is 408 or 429 or >= 500;

    public static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
            return delta;
        if (retryAfter?.Date is { } date)
            return date - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero;
        return RateLimitHeader.ResetAfter(Header(response, "RateLimit"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<string?> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            // Error bodies are small; a hostile one is cut at 4 kB so it cannot fill memory.
            var text = await BoundedBody.ReadStringAsync(response.Content, 4096, "error answer", ct);
            if (text.StartsWith('{'))
                return JsonSerializer.Deserialize(text, HubJsonContext.Default.ErrorDto)?.Error;
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException or HubException)
        {
            return null;
        }
    }

    /// <summary>
    /// The server's own text goes into our message, so a server that echoes the request (or a proxy's error
    /// page) must not carry the token there: the exact token this request sent, and anything shaped like a
    /// Hub token or a bearer credential, are masked.
    /// </summary>
    private static string? Redact(string? text, HttpResponseMessage response)
    {
        if (text is null)
            return null;
        if (response.RequestMessage?.Headers.Authorization?.Parameter is { Length: > 0 } sent)
            text = text.Replace(sent, "***", StringComparison.Ordinal);
        return SecretPattern().Replace(text, m => m.Value.StartsWith("bearer", StringComparison.OrdinalIgnoreCase) ? "Bearer ***" : "hf_***");
    }

    [GeneratedRegex(@"hf_[A-Za-z0-9]{20,}|Bearer\s+\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretPattern();

    private static string Trim(string message)
    {
        var oneLine = message.ReplaceLineEndings(" ").Trim();
        return oneLine.Length <= 200 ? oneLine : oneLine[..200] + "…";
    }
}
