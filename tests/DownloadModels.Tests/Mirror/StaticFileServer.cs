using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;

namespace DownloadModels.Tests.Mirror;

/// <summary>
/// A plain static file server over a folder, as a mirror's web server would be: Kestrel's
/// UseStaticFiles with no custom headers, no rewrites, Range and HEAD as the middleware does them,
/// every file type served. It logs each request (path, Range, status, bytes) for the tests.
/// </summary>
internal sealed class StaticFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticFileServer(string root)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            await next(context);
            Requests.Enqueue(new ServedRequest(context.Request.Method, context.Request.Path.Value + context.Request.QueryString.Value,
                context.Request.Headers.Range.ToString(), context.Response.StatusCode));
        });
        _app.UseStaticFiles(new StaticFileOptions
        {
            // Dot files too (.gitattributes is a repo file), as nginx serves them.
            FileProvider = new PhysicalFileProvider(root, ExclusionFilters.None),
            ServeUnknownFileTypes = true,
        });
    }

    public string Url { get; private set; } = "";

    public ConcurrentQueue<ServedRequest> Requests { get; } = new();

    public static async Task<StaticFileServer> StartAsync(string root)
    {
        var server = new StaticFileServer(root);
        await server._app.StartAsync();
        server.Url = server._app.Urls.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
