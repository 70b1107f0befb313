using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace DownloadModels.Tests.EndToEnd;

/// <summary>
/// A minimal HTTP forward proxy on 127.0.0.1 (absolute-form requests, as HTTP_PROXY clients send them),
/// recording each target, so tests can prove the binary honours HTTP_PROXY and NO_PROXY.
/// </summary>
internal sealed class ForwardProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });

    private ForwardProxy(WebApplication app) => _app = app;

    public ConcurrentQueue<string> Targets { get; } = new();

    public string Url { get; private set; } = "";

    public static async Task<ForwardProxy> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var proxy = new ForwardProxy(builder.Build());
        proxy._app.Run(proxy.ForwardAsync);
        await proxy._app.StartAsync();
        proxy.Url = proxy._app.Urls.First();
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        Targets.Enqueue(target);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name is not ("Host" or "Proxy-Connection"))
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
        }

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name != "Transfer-Encoding")
                context.Response.Headers[name] = values.ToArray();
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }
}
