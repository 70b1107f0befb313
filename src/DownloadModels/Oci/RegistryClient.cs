using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DownloadModels.Hub;
using DownloadModels.Units;

namespace DownloadModels.Oci;

/// <summary>
/// Talks to one repository of one registry (OCI distribution spec): manifests, blobs, uploads. Authentication
/// follows the registry's challenge: none, HTTP Basic, or the bearer-token flow (<c>WWW-Authenticate: Bearer
/// realm=…,service=…,scope=…</c>: a token fetched from the realm, with the credentials when there are any).
/// Redirects (blob storage, a CDN) are followed by hand and never carry the registry's Authorization.
/// Plain HTTP only with <c>--registry-insecure</c>; the proxy is the run's (HTTPS_PROXY, NO_PROXY).
/// </summary>
internal sealed class RegistryClient : ITokenRenewal
{
    private const int MaxRedirects = 10;
    private const int MaxErrorBytes = 64 * 1024;
    private readonly HttpClient _client;
    private readonly RegistryCredentials? _credentials;
    private readonly string[] _scopes;
    private readonly SemaphoreSlim _authenticating = new(1, 1);
    private AuthenticationHeaderValue? _authorization;

    /// <param name="scopes">The bearer scopes asked for, e.g. repository:NAME:pull,push.</param>
    public RegistryClient(HttpClient client, string registry, string name, bool insecure, RegistryCredentials? credentials, IEnumerable<string> scopes)
        : this(client, new Uri($"{(insecure ? "http" : "https")}://{registry}/"), registry, name, credentials, scopes, "")
    {
    }

    private RegistryClient(HttpClient client, Uri baseUrl, string registry, string name, RegistryCredentials? credentials, IEnumerable<string> scopes, string blobQuery)
    {
        _client = client;
        _credentials = credentials;
        _scopes = [.. scopes];
        _blobQuery = blobQuery;
        Registry = registry;
        Name = name;
        Insecure = baseUrl.Scheme == "http";
        Base = baseUrl;
    }

    /// <summary>
    /// A client for a registry mirror of this repository (Spegel, Dragonfly, a proxy cache): anonymous, and every
    /// blob asked for with <c>?ns=REGISTRY</c> as containerd does, so a mirror serving several registries knows which.
    /// </summary>
    public RegistryClient Mirror(Uri mirror) =>
        new(_client, mirror, mirror.Authority, Name, null, [], $"?ns={Uri.EscapeDataString(Registry)}");

    private readonly string _blobQuery;

    public string Registry { get; }
    public string Name { get; }
    public bool Insecure { get; }
    public Uri Base { get; }

    /// <summary>Bytes received in blob and manifest bodies read through this client (not those of the byte mover).</summary>
    public long BytesRead { get; private set; }

    /// <summary>The endpoint and the authorization that works, for the byte mover (which never sends it elsewhere).</summary>
    public HubConnection Connection => new(Base, _authorization?.Parameter, _authorization?.Scheme ?? "Bearer");

    public Uri Url(string path) => new(Base, $"v2/{Name}/{path}");

    public Uri BlobUrl(string digest) => Url($"blobs/{digest}{_blobQuery}");

    /// <summary>A manifest or index by tag or digest: its bytes (bounded), media type, and digest (checked when asked by digest).</summary>
    public async Task<(byte[] Bytes, string? MediaType, string Digest)> GetManifestAsync(string reference, CancellationToken ct)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, Url($"manifests/{reference}"));
            foreach (var type in (string[])[ModelPackFormat.IndexMediaType, ModelPackFormat.ManifestMediaType, ModelPackFormat.DockerManifestMediaType, ModelPackFormat.DockerListMediaType])
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            return request;
        }, ct, follow: true);
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new OciException($"{Where(reference)} does not exist (404): check the name and the tag (push it first with download-models push).");
        await EnsureSuccessAsync(response, $"reading the manifest {Where(reference)}", ct);
        var bytes = await ReadBoundedAsync(response.Content, ModelPackFormat.MaxManifestBytes, $"the manifest {Where(reference)}", ct);
        var digest = OciDigest.Of(bytes);
        if (OciDigest.IsValid(reference) && digest != reference)
            throw new OciException($"the manifest {Where(reference)} has the digest {digest}, not the one asked for: the registry (or a mirror) sent other bytes; nothing was written.");
        return (bytes, response.Content.Headers.ContentType?.MediaType, digest);
    }

    public async Task PutManifestAsync(string reference, byte[] bytes, string mediaType, CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, Url($"manifests/{reference}"))
        {
            Content = new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } },
        }, ct);
        await EnsureSuccessAsync(response, $"storing the manifest {Where(reference)}", ct);
    }

    public async Task<bool> HasBlobAsync(string digest, CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, BlobUrl(digest)), ct, follow: true);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return false;
        await EnsureSuccessAsync(response, $"looking for blob {digest}", ct);
        return true;
    }

    /// <summary>A small blob (a config) read whole, checked against its digest.</summary>
    public async Task<byte[]> GetSmallBlobAsync(string digest, int limit, CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, BlobUrl(digest)), ct, follow: true);
        if (response.StatusCode == HttpStatusCode.NotFound)
            throw new OciException($"blob {digest} of {Where(null)} is missing from the registry (404): the artifact is incomplete; push it again.");
        await EnsureSuccessAsync(response, $"reading blob {digest}", ct);
        var bytes = await ReadBoundedAsync(response.Content, limit, $"blob {digest}", ct);
        if (OciDigest.Of(bytes) != digest)
            throw new OciException($"blob {digest} of {Where(null)} arrived with the digest {OciDigest.Of(bytes)}: the registry sent other bytes; nothing was written.");
        return bytes;
    }

    /// <summary>
    /// Starts an upload: with <paramref name="mountFrom"/>, asks to mount the blob from that repository first
    /// (201: done, null returned); otherwise (or when the registry declines with 202) the upload session's URL.
    /// </summary>
    public async Task<Uri?> StartUploadAsync(string digest, string? mountFrom, CancellationToken ct)
    {
        var query = mountFrom is null ? "" : $"?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(mountFrom)}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Url($"blobs/uploads/{query}")) { Content = new ByteArrayContent([]) }, ct);
        if (mountFrom is not null && response.StatusCode == HttpStatusCode.Created)
            return null;
        await EnsureSuccessAsync(response, $"starting the upload of blob {digest}", ct);
        return LocationOf(response) ?? throw new OciException($"{Registry} started an upload without a Location: it does not follow the OCI distribution spec.");
    }

    /// <summary>Sends a chunk; returns the session's next URL.</summary>
    public async Task<Uri> SendChunkAsync(Uri session, string path, long offset, long length, Action<long> onSent, CancellationToken ct)
    {
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Patch, session) { Content = new FileSliceContent(path, offset, length, onSent) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + length - 1}");
            return request;
        }, ct);
        await EnsureSuccessAsync(response, "sending a chunk", ct);
        return LocationOf(response) ?? session;
    }

    /// <summary>Closes the upload with its digest, sending <paramref name="length"/> bytes from <paramref name="offset"/> with it (0: none).</summary>
    public async Task FinishUploadAsync(Uri session, string digest, string path, long offset, long length, Action<long> onSent, CancellationToken ct)
    {
        var url = new Uri($"{session.AbsoluteUri}{(session.Query.Length > 0 ? "&" : "?")}digest={Uri.EscapeDataString(digest)}");
        using var response = await SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = length > 0 ? new FileSliceContent(path, offset, length, onSent) : new ByteArrayContent([]) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return request;
        }, ct);
        if (response.StatusCode == HttpStatusCode.BadRequest)
            throw new OciException($"{Registry} refused blob {digest} (400: its digest does not match what was sent): the file changed while it was pushed; run push again.");
        await EnsureSuccessAsync(response, $"finishing the upload of blob {digest}", ct);
    }

    /// <summary>How many bytes an open upload session holds (its Range header, 0-N); null when the session is gone.</summary>
    public async Task<long?> UploadedAsync(Uri session, CancellationToken ct)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, session), ct);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
            return null;
        await EnsureSuccessAsync(response, "asking for an upload's progress", ct);
        var range = response.Headers.TryGetValues("Range", out var values) ? values.FirstOrDefault() : null;
        if (range is null)
            return 0;
        var dash = range.LastIndexOf('-');
        return dash >= 0 && long.TryParse(range[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last + 1 : 0;
    }

    /// <summary>
    /// Sends a request (made afresh for each attempt), answering an authentication challenge once; GET and HEAD
    /// follow redirects, without the Authorization header to any other host.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> make, CancellationToken ct, bool follow = false)
    {
        for (var attempt = 0; ; attempt++)
        {
            var used = _authorization;
            var response = await SendFollowingAsync(make, ct, follow);
            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 1)
                return response;
            var challenge = response.Headers.WwwAuthenticate.FirstOrDefault();
            response.Dispose();
            if (challenge is null)
                throw new OciException($"{Registry} answered 401 without saying how to log in (no WWW-Authenticate).");
            // Requests run in parallel: one that went out before another answered the challenge just goes again.
            await _authenticating.WaitAsync(ct);
            try
            {
                if (ReferenceEquals(used, _authorization))
                    await AuthenticateAsync(challenge, ct);
            }
            finally
            {
                _authenticating.Release();
            }
        }
    }

    private async Task<HttpResponseMessage> SendFollowingAsync(Func<HttpRequestMessage> make, CancellationToken ct, bool follow)
    {
        using var first = make();
        var method = first.Method;
        var current = first.RequestUri!;
        var request = first;
        for (var hop = 0; ; hop++)
        {
            if (SameOrigin(current))
                request.Headers.Authorization = _authorization;
            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (HttpRequestException e)
            {
                throw new OciException(Unreachable(current, e));
            }
            finally
            {
                if (!ReferenceEquals(request, first))
                    request.Dispose();
            }

            if (!follow || (int)response.StatusCode is not (301 or 302 or 303 or 307 or 308))
                return response;
            var location = response.Headers.Location;
            response.Dispose();
            if (location is null || hop + 1 >= MaxRedirects)
                throw new OciException($"{Registry} answered a redirect {(location is null ? "without a Location" : "loop")} for {HubHttp.Describe(current)}.");
            current = location.IsAbsoluteUri ? location : new Uri(current, location);
            if (current.Scheme is not ("http" or "https"))
                throw new OciException($"{Registry} redirected to a {current.Scheme}: URL, which is not followed.");
            request = new HttpRequestMessage(method, current);
        }
    }

    private bool SameOrigin(Uri uri) =>
        string.Equals(uri.Scheme, Base.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.IdnHost, Base.IdnHost, StringComparison.OrdinalIgnoreCase) && uri.Port == Base.Port;

    private string Unreachable(Uri url, HttpRequestException e)
    {
        var why = NetworkErrors.Reason(e);
        var hint = !Insecure && e.HttpRequestError == HttpRequestError.SecureConnectionError
            ? " If the registry speaks plain HTTP, add --registry-insecure."
            : " Check the address, HTTPS_PROXY/NO_PROXY, and that the registry is running.";
        return $"cannot reach the registry {Registry} ({HubHttp.Describe(url)}: {why}).{hint}";
    }

    private async Task AuthenticateAsync(AuthenticationHeaderValue challenge, CancellationToken ct)
    {
        if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (_credentials is null)
                throw new OciException(NeedsLogin());
            if (_authorization?.Scheme == "Basic")
                throw new OciException(Refused());
            _authorization = new AuthenticationHeaderValue("Basic", _credentials.BasicValue);
            return;
        }

        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            throw new OciException($"{Registry} asks for '{challenge.Scheme}' authentication, which this tool does not speak (Basic and Bearer only).");
        var fields = ChallengeFields(challenge.Parameter ?? "");
        if (!fields.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) || realmUri.Scheme is not ("http" or "https"))
            throw new OciException($"{Registry} asks for a bearer token without a usable realm URL.");
        var query = new StringBuilder();
        if (fields.TryGetValue("service", out var service))
            query.Append(CultureInfo.InvariantCulture, $"service={Uri.EscapeDataString(service)}");
        var scopes = fields.TryGetValue("scope", out var asked) ? _scopes.Append(asked).Distinct(StringComparer.Ordinal) : _scopes;
        foreach (var scope in scopes)
            query.Append(query.Length > 0 ? "&" : "").Append(CultureInfo.InvariantCulture, $"scope={Uri.EscapeDataString(scope)}");
        var tokenUrl = new Uri($"{realmUri.GetLeftPart(UriPartial.Path)}?{(realmUri.Query.Length > 1 ? realmUri.Query[1..] + "&" : "")}{query}");
        using var request = new HttpRequestMessage(HttpMethod.Get, tokenUrl);
        if (_credentials is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _credentials.BasicValue);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new OciException($"cannot reach the token service of {Registry} ({HubHttp.Describe(tokenUrl)}: {NetworkErrors.Reason(e)}).");
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                throw new OciException(_credentials is null ? NeedsLogin() : Refused());
            if (!response.IsSuccessStatusCode)
                throw new OciException($"the token service of {Registry} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            var body = await ReadBoundedAsync(response.Content, MaxErrorBytes * 16, "the token answer", ct);
            TokenAnswer? answer;
            try
            {
                answer = JsonSerializer.Deserialize(body, OciJsonContext.Default.TokenAnswer);
            }
            catch (JsonException)
            {
                answer = null;
            }

            var token = answer?.Token ?? answer?.AccessToken;
            if (string.IsNullOrEmpty(token))
                throw new OciException($"the token service of {Registry} answered without a token.");
            _authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>
    /// The byte mover's 401 (a bearer token that expired during a long run): one fresh token from the realm,
    /// unless another request already got one since <paramref name="refused"/> was sent. Basic credentials are
    /// not renewed (null: the 401 stands).
    /// </summary>
    public async Task<string?> RenewAsync(string? refused, HttpResponseMessage refusal, CancellationToken ct)
    {
        var challenge = refusal.Headers.WwwAuthenticate.FirstOrDefault();
        if (challenge is null || !challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return null;
        await _authenticating.WaitAsync(ct);
        try
        {
            if (_authorization is null || _authorization.Parameter == refused)
                await AuthenticateAsync(challenge, ct);
            return _authorization?.Parameter;
        }
        finally
        {
            _authenticating.Release();
        }
    }

    private string NeedsLogin() =>
        $"{Registry} asks for credentials: run 'docker login {Registry}' (read from $DOCKER_CONFIG/config.json) or set {RegistryCredentials.UserVariable} and {RegistryCredentials.PasswordVariable}.";

    private string Refused() =>
        $"{Registry} refused the credentials{(_credentials is null ? "" : $" of {_credentials}")} for {Name} (401): check the user and password.";

    /// <summary>key="value" pairs of a challenge (values may hold commas inside quotes).</summary>
    internal static Dictionary<string, string> ChallengeFields(string parameter)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < parameter.Length)
        {
            while (i < parameter.Length && (parameter[i] == ',' || char.IsWhiteSpace(parameter[i])))
                i++;
            var eq = parameter.IndexOf('=', i);
            if (eq < 0)
                break;
            var key = parameter[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < parameter.Length && parameter[i] == '"')
            {
                var end = parameter.IndexOf('"', i + 1);
                if (end < 0)
                    end = parameter.Length;
                value = parameter[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var end = parameter.IndexOf(',', i);
                if (end < 0)
                    end = parameter.Length;
                value = parameter[i..end].Trim();
                i = end;
            }

            fields[key] = value;
        }

        return fields;
    }

    private Uri? LocationOf(HttpResponseMessage response) =>
        response.Headers.Location is { } location ? (location.IsAbsoluteUri ? location : new Uri(Base, location)) : null;

    private string Where(string? reference) => $"oci://{Registry}/{Name}{(reference is null ? "" : OciDigest.IsValid(reference) ? "@" + reference : ":" + reference)}";

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string doing, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
            return;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            throw new OciException(_credentials is null ? NeedsLogin() : Refused());
        if (response.StatusCode == HttpStatusCode.Forbidden)
            throw new OciException($"{Registry} denied {doing} (403): the account{(_credentials is null ? " (anonymous)" : $" {_credentials.User}")} lacks the right for {Name}.");
        var detail = "";
        try
        {
            var body = await ReadBoundedAsync(response.Content, MaxErrorBytes, "the error", ct);
            detail = Encoding.UTF8.GetString(body).ReplaceLineEndings(" ").Trim();
            if (detail.Length > 300)
                detail = detail[..300] + "…";
        }
        catch (OciException)
        {
        }

        throw new OciException($"{Registry} failed {doing}: {(int)response.StatusCode} {response.ReasonPhrase}{(detail.Length > 0 ? $" ({detail})" : "")}.");
    }

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, int limit, string what, CancellationToken ct)
    {
        if (content.Headers.ContentLength > limit)
            throw new OciException($"{what} is {ByteSize.Format(content.Headers.ContentLength.Value)}, more than the {ByteSize.Format(limit)} accepted: refused unread, nothing was written.");
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
                throw new OciException($"{what} is more than the {ByteSize.Format(limit)} accepted: stopped reading, nothing was written.");
            buffer.Write(chunk, 0, read);
            BytesRead += read;
        }

        return buffer.ToArray();
    }
}
