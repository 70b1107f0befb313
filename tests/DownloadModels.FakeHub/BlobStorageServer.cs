using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// The blob storage a registry redirects to (Distribution's <c>redirect</c> storage middleware answers a blob
/// GET/HEAD with 307 to <c>baseurl</c> + the storage path): serves the registry's storage folder on 127.0.0.1,
/// with Range, and records every Authorization header it is sent (a registry's token must never reach it).
/// </summary>
public sealed class BlobStorageServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<string> _authorizations = [];
    private Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions? _listener;
    private int _served;

    private BlobStorageServer()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => _listener = listen));
        _app = builder.Build();
        _app.Run(context =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization.Length > 0)
            {
                lock (_authorizations)
                    _authorizations.Add(authorization);
            }

            var storageRoot = Root;
            var path = Path.GetFullPath(Path.Combine(storageRoot, context.Request.Path.Value!.TrimStart('/')));
            if (!path.StartsWith(storageRoot, StringComparison.Ordinal) || !File.Exists(path))
            {
                context.Response.StatusCode = 404;
                return Task.CompletedTask;
            }

            Interlocked.Increment(ref _served);
            return Results.File(path, "application/octet-stream", enableRangeProcessing: true).ExecuteAsync(context);
        });
    }

    /// <summary>The registry's storage folder (its <c>storage.filesystem.rootdirectory</c>), set once the registry runs.</summary>
    public string Root { get; set; } = "/nonexistent";

    /// <summary>The registry's <c>redirect</c> middleware baseurl.</summary>
    public string BaseUrl => $"http://127.0.0.1:{_listener!.IPEndPoint!.Port}/";

    /// <summary>Blob requests answered (GET and HEAD).</summary>
    public int Served => Volatile.Read(ref _served);

    public IReadOnlyList<string> AuthorizationsSeen
    {
        get { lock (_authorizations) return [.. _authorizations]; }
    }

    public static async Task<BlobStorageServer> StartAsync()
    {
        var server = new BlobStorageServer();
        await server._app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
