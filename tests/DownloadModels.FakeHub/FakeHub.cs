using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using DownloadModels.Tests.FakeHub.Xet;

namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// A real HTTP fake of the Hugging Face Hub (see docs/hub-protocol.md): an API listener and a separate
/// CDN listener on ephemeral loopback ports. Every hub is independent, so tests may run many in parallel.
/// </summary>
public sealed class FakeHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly RepoDirectory _repos = new();
    private readonly Lock _logGate = new();
    private readonly List<RequestLog> _log = [];
    private readonly ConcurrentQueue<Exception> _errors = new();
    private readonly ConcurrentDictionary<string, string> _users = new(StringComparer.Ordinal);
    private ListenOptions? _apiListener;
    private ListenOptions? _cdnListener;
    private ListenOptions? _casListener;
    private ListenOptions? _transferListener;
    private int _cdnPort;
    private int _casPort;
    private int _transferPort;
    private int _disposed;

    private readonly string _scheme;

    private FakeHub(TimeProvider time, X509Certificate2? serverCertificate, X509Certificate2Collection? serverCertificateChain)
    {
        _scheme = serverCertificate is null ? "http" : "https";
        Started = time.GetUtcNow();
        Sender = new ContentSender(this);
        Cdn = new CdnServer(this, time);
        Cas = new FakeCas(this, time);
        _repos.Cas = Cas;
        var pipeline = new RequestPipeline(this, new ApiServer(this, _repos), new ResolveServer(this, _repos), time);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            // Throttled and stalled answers are the point of some tests: never let Kestrel cut them.
            options.Limits.MinResponseDataRate = null;
            options.Listen(IPAddress.Loopback, 0, listen => _apiListener = Secure(listen, serverCertificate, serverCertificateChain));
            options.Listen(IPAddress.Loopback, 0, listen => _cdnListener = Secure(listen, serverCertificate, serverCertificateChain));
            options.Listen(IPAddress.Loopback, 0, listen => _casListener = Secure(listen, serverCertificate, serverCertificateChain));
            options.Listen(IPAddress.Loopback, 0, listen => _transferListener = Secure(listen, serverCertificate, serverCertificateChain));
        });
        _app = builder.Build();
        _app.Run(context => pipeline.HandleAsync(context, HostOf(context.Connection.LocalPort), _stopping.Token));
    }

    /// <summary>Base URL of the Hub API and /resolve/, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string ApiUrl { get; private set; } = "";

    /// <summary>Base URL of the CDN that signed LFS URLs point to.</summary>
    public string CdnUrl { get; private set; } = "";

    /// <summary>Base URL of the Xet CAS (the token route's <c>casUrl</c>, unless <see cref="FakeCas.Unreachable"/>).</summary>
    public string CasUrl { get; private set; } = "";

    /// <summary>Base URL that signed xorb URLs point to.</summary>
    public string TransferUrl { get; private set; } = "";

    /// <summary>The Xet CAS: its files and xorbs (added with <see cref="FakeRepo.AddXetFile"/>), settings, counters and tokens.</summary>
    public FakeCas Cas { get; }

    public HubFaults Faults { get; } = new();

    /// <summary>Tokens the hub accepts. Tokens a repo approves are accepted too.</summary>
    public TokenSet ValidTokens => _repos.ValidTokens;

    /// <summary>An account whose token the hub accepts: <c>/api/whoami-v2</c> names it.</summary>
    public FakeHub AddUser(string name, string token)
    {
        _users[token] = name;
        ValidTokens.Add(token);
        return this;
    }

    /// <summary>The account a token belongs to (<see cref="AddUser"/>), or null.</summary>
    internal string? UserOf(string token) => _users.GetValueOrDefault(token);

    /// <summary>Entries per tree page (the Hub uses 1000; 50 with expand=true).</summary>
    public int TreePageSize { get; set; } = 1000;

    /// <summary>Whether regular files go out gzip-encoded, without Content-Length, to clients that accept gzip.</summary>
    public bool GzipTextFiles { get; set; } = true;

    /// <summary>Whether /resolve/ sends its ETags weak (<c>W/"…"</c>), as proxies that re-encode do; gzip answers always do.</summary>
    public bool WeakEtags { get; set; }

    /// <summary>Every request so far, in arrival order, each as it stands now.</summary>
    public IReadOnlyList<FakeRequest> Requests
    {
        get { lock (_logGate) { return [.. _log.Select(l => l.ToRecord())]; } }
    }

    /// <summary>Exceptions the fake itself threw while answering: a non-empty list is a bug in the fake.</summary>
    public IReadOnlyList<Exception> ServerErrors => [.. _errors];

    internal DateTimeOffset Started { get; }

    internal ContentSender Sender { get; }

    internal CdnServer Cdn { get; }

    public static Task<FakeHub> StartAsync(TimeProvider? time = null) => StartAsync(time, null);

    /// <summary>
    /// With <paramref name="serverCertificate"/> (its private key included) both listeners speak TLS and the
    /// URLs are https: the certificate must be valid for 127.0.0.1. <paramref name="serverCertificateChain"/>
    /// holds the intermediates sent along with it.
    /// </summary>
    public static async Task<FakeHub> StartAsync(TimeProvider? time, X509Certificate2? serverCertificate, X509Certificate2Collection? serverCertificateChain = null)
    {
        var hub = new FakeHub(time ?? TimeProvider.System, serverCertificate, serverCertificateChain);
        await hub._app.StartAsync();
        var apiPort = hub._apiListener!.IPEndPoint!.Port;
        hub._cdnPort = hub._cdnListener!.IPEndPoint!.Port;
        hub._casPort = hub._casListener!.IPEndPoint!.Port;
        hub._transferPort = hub._transferListener!.IPEndPoint!.Port;
        hub.ApiUrl = $"{hub._scheme}://127.0.0.1:{apiPort}";
        hub.CdnUrl = $"{hub._scheme}://127.0.0.1:{hub._cdnPort}";
        hub.CasUrl = $"{hub._scheme}://127.0.0.1:{hub._casPort}";
        hub.TransferUrl = $"{hub._scheme}://127.0.0.1:{hub._transferPort}";
        return hub;
    }

    private FakeHost HostOf(int localPort) =>
        localPort == _cdnPort ? FakeHost.Cdn : localPort == _casPort ? FakeHost.Cas : localPort == _transferPort ? FakeHost.Transfer : FakeHost.Api;

    private static ListenOptions Secure(ListenOptions listen, X509Certificate2? certificate, X509Certificate2Collection? chain) =>
        certificate is null ? listen : listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate, ServerCertificateChain = chain });

    public static string GitBlobSha1(ReadOnlySpan<byte> content) => HubHashes.GitBlobSha1(content);

    public static string Sha256Hex(ReadOnlySpan<byte> content) => HubHashes.Sha256Hex(content);

    /// <summary>Adds a repo (<paramref name="repoId"/> is org/name) whose <c>main</c> branch points at one commit.</summary>
    public FakeRepo AddRepo(string repoId, string type = "model") => _repos.Add(repoId, type);

    public FakeRepo? FindRepo(string repoId, string type = "model") => _repos.Find(type, repoId);

    public IReadOnlyList<FakeRequest> RequestsTo(FakeHost host) => [.. Requests.Where(r => host == FakeHost.Any || r.Host == host)];

    /// <summary>Body bytes sent on requests whose decoded path and query contain <paramref name="pathContains"/>.</summary>
    public long BytesSent(string pathContains = "")
    {
        lock (_logGate)
        {
            return _log.Where(l => l.DecodedTarget.Contains(pathContains, StringComparison.Ordinal)).Sum(l => l.ToRecord().BodyBytesSent);
        }
    }

    public void ClearRequests()
    {
        lock (_logGate) { _log.Clear(); }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Cancel first so stalled and throttled answers end at once instead of holding StopAsync up.
        await _stopping.CancelAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    internal void Record(RequestLog log)
    {
        lock (_logGate) { _log.Add(log); }
    }

    internal void RecordError(Exception error) => _errors.Enqueue(error);
}
