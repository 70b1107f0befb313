using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// A token service for a registry configured with <c>auth: token</c> (Distribution's token authentication,
/// docs/spec/auth/token.md and jwt.md): on 127.0.0.1 and a port chosen now, <c>GET /token?service=…&amp;scope=…</c>
/// checks HTTP Basic credentials and answers <c>{"token": JWT}</c>. The JWT is signed ES256 with a key whose
/// self-signed certificate is the registry's <c>rootcertbundle</c> and travels in the header's <c>x5c</c> (the
/// form Distribution 2.8 verifies against its roots); its claims are <c>iss</c>, <c>sub</c>, <c>aud</c> (the
/// service, a string in 2.8), <c>exp</c>, <c>nbf</c>, <c>iat</c>, <c>jti</c> and <c>access</c> (type, name,
/// actions: every action asked for). Distribution accepts a token until 60 s after its <c>exp</c>
/// (its Leeway), which <see cref="ValidFor"/> accounts for.
/// </summary>
public sealed class TokenService : IAsyncDisposable
{
    /// <summary>Distribution 2.8's clock-skew leeway on <c>exp</c> and <c>nbf</c>.</summary>
    public static readonly TimeSpan RegistryLeeway = TimeSpan.FromSeconds(60);

    private readonly WebApplication _app;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;
    private readonly string _user;
    private readonly string _password;
    private readonly List<string> _requests = [];
    private int _issued;
    private Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions? _listener;

    private TokenService(string user, string password, string folder)
    {
        _user = user;
        _password = password;
        var request = new CertificateRequest("CN=download-models test token signer", _key, HashAlgorithmName.SHA256);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        RootCertBundle = Path.Combine(folder, "token-signer.pem");
        File.WriteAllText(RootCertBundle, _certificate.ExportCertificatePem() + "\n");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => _listener = listen));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public const string Service = "download-models-test-registry";
    public const string Issuer = "download-models-test-token-issuer";

    /// <summary>The PEM file of the signing certificate: the registry's <c>auth.token.rootcertbundle</c>.</summary>
    public string RootCertBundle { get; }

    /// <summary>The realm URL, e.g. http://127.0.0.1:41234/token.</summary>
    public string Realm { get; private set; } = "";

    /// <summary>How long the n-th token (1-based) is accepted by the registry; an hour unless a test says otherwise.</summary>
    public Func<int, TimeSpan> ValidFor { get; set; } = _ => TimeSpan.FromHours(1);

    /// <summary>Tokens issued so far.</summary>
    public int Issued => Volatile.Read(ref _issued);

    /// <summary>Each token request as "200 scope=…" or "401": the refused ones are those with wrong credentials.</summary>
    public IReadOnlyList<string> Requests
    {
        get { lock (_requests) return [.. _requests]; }
    }

    public static async Task<TokenService> StartAsync(string user, string password, string folder)
    {
        var service = new TokenService(user, password, folder);
        await service._app.StartAsync();
        service.Realm = $"http://127.0.0.1:{service._listener!.IPEndPoint!.Port}/token";
        return service;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var scopes = context.Request.Query["scope"].Select(s => s ?? "").ToArray();
        if (context.Request.Path != "/token" || !Authorized(context.Request.Headers.Authorization.ToString()))
        {
            lock (_requests)
                _requests.Add("401");
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"token\"";
            await context.Response.WriteAsync("{\"details\":\"wrong credentials\"}");
            return;
        }

        var number = Interlocked.Increment(ref _issued);
        lock (_requests)
            _requests.Add($"200 service={context.Request.Query["service"]} scope={string.Join(' ', scopes)}");
        var token = Sign(scopes, ValidFor(number));
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["token"] = token, ["expires_in"] = 3600, ["issued_at"] = DateTime.UtcNow.ToString("O") }.ToJsonString());
    }

    private bool Authorized(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
            return false;
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim())) == $"{_user}:{_password}";
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private string Sign(string[] scopes, TimeSpan validFor)
    {
        var now = DateTimeOffset.UtcNow;
        var access = new JsonArray();
        foreach (var scope in scopes)
        {
            var first = scope.IndexOf(':');
            var last = scope.LastIndexOf(':');
            if (first <= 0 || last <= first)
                continue;
            access.Add(new JsonObject
            {
                ["type"] = scope[..first],
                ["name"] = scope[(first + 1)..last],
                ["actions"] = new JsonArray([.. scope[(last + 1)..].Split(',').Select(a => (JsonNode)a)]),
            });
        }

        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "ES256", ["x5c"] = new JsonArray(Convert.ToBase64String(_certificate.RawData)) };
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = _user,
            ["aud"] = Service,
            ["exp"] = (now + validFor - RegistryLeeway).ToUnixTimeSeconds(),
            ["nbf"] = now.AddSeconds(-1).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        var signed = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        // ES256 in JWS: the raw r||s pair, which is .NET's IEEE P1363 format.
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signed}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
        _key.Dispose();
    }
}
