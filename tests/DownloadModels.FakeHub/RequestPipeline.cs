using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// Every request passes here: it is logged first, then routed by the local port it arrived on. The API
/// port serves the JSON and /resolve/ endpoints, the CDN port only signed URLs, so a client that sends
/// a request to the wrong host gets a 404.
/// </summary>
internal sealed class RequestPipeline(FakeHub hub, ApiServer api, ResolveServer resolve, TimeProvider time)
{
    private readonly RateWindow _apiWindow = new("api", 1000, time);
    private readonly RateWindow _resolverWindow = new("resolvers", 3000, time);

    public async Task HandleAsync(HttpContext context, FakeHost host, CancellationToken stopping)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var target = RequestTarget.Parse(raw);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var log = new RequestLog(context.Request.Method, host, raw, target.Decoded, headers, time);
        hub.Record(log);
        context.Features.Set(log);
        context.Response.OnStarting(() =>
        {
            log.SetStatus(context.Response.StatusCode);
            return Task.CompletedTask;
        });
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            var window = host is FakeHost.Cdn or FakeHost.Cas or FakeHost.Transfer ? null : target.Segments.Contains("resolve") || target.Is(1, "resolve-cache") ? _resolverWindow : _apiWindow;
            if (window is not null)
            {
                context.Response.Headers["RateLimit"] = window.Take();
                context.Response.Headers["RateLimit-Policy"] = window.Policy;
            }

            if (hub.Faults.TryFire(FaultKind.Status, host, log.DecodedTarget) is { } fault)
            {
                await StatusFaultAsync(context, fault, window ?? _apiWindow);
            }
            else if (hub.Faults.TryFire(FaultKind.Answer, host, log.DecodedTarget) is { Respond: { } respond })
            {
                await respond(log.DecodedTarget).WriteAsync(context, log, linked.Token);
            }
            else if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                // Downloads only read: anything else is a client bug worth a loud answer.
                await HubAnswers.ErrorAsync(context, 405, null, "Method Not Allowed");
            }
            else if (host == FakeHost.Cas)
            {
                await hub.Cas.HandleCasAsync(context, log, target);
            }
            else if (host == FakeHost.Transfer)
            {
                await (target.Is(0, "xorb") ? hub.Cas.HandleTransferAsync(context, log, target, linked.Token) : HubAnswers.NotFoundAsync(context));
            }
            else if (host == FakeHost.Cdn)
            {
                await (target.Is(0, "repos") ? hub.Cdn.HandleAsync(context, log, target, linked.Token) : HubAnswers.NotFoundAsync(context));
            }
            else if (!await api.TryHandleAsync(context, target) && !await resolve.TryHandleAsync(context, log, target, linked.Token))
            {
                await HubAnswers.NotFoundAsync(context);
            }
        }
        catch (Exception e) when (linked.IsCancellationRequested || e is IOException)
        {
            // The client went away or the hub is stopping: nothing left to answer.
            log.MarkAborted();
        }
        catch (Exception e)
        {
            hub.RecordError(e);
            log.MarkAborted();
            context.Abort();
        }
        finally
        {
            log.SetStatus(context.Response.StatusCode);
        }
    }

    private static Task StatusFaultAsync(HttpContext context, Fault fault, RateWindow window)
    {
        if (fault.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (fault.RateLimitHeader)
        {
            context.Response.Headers["RateLimit"] = window.Exhausted(fault.RetryAfter ?? TimeSpan.FromMinutes(1));
            context.Response.Headers["RateLimit-Policy"] = window.Policy;
        }

        var message = fault.StatusCode == 429 ? "You have exceeded our hourly quotas for action 'api'." : $"Fake hub fault {fault.StatusCode}";
        return HubAnswers.ErrorAsync(context, fault.StatusCode, null, message);
    }
}
