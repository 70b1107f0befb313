using System.Text;
using Microsoft.AspNetCore.Http;

namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// A scripted answer that replaces what the fake would have sent (see <see cref="HubFaults.Answer(CustomAnswer, int, string?, FakeHost)"/>):
/// hostile or broken JSON, odd redirects, endless pagination, huge bodies. The body is sent
/// <see cref="Repeat"/> times, so a body of hundreds of MB never exists in memory.
/// </summary>
public sealed record CustomAnswer(int Status, byte[] Body)
{
    public string ContentType { get; init; } = "application/json; charset=utf-8";

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>How many times <see cref="Body"/> is sent back to back.</summary>
    public long Repeat { get; init; } = 1;

    /// <summary>Chunked transfer encoding: no Content-Length, so the client learns the size only by reading.</summary>
    public bool Chunked { get; init; }

    public long Length => Body.LongLength * Repeat;

    public static CustomAnswer Json(string json, int status = 200) => new(status, Encoding.UTF8.GetBytes(json));

    public static CustomAnswer Redirect(string location, int status = 302) =>
        new(status, Encoding.UTF8.GetBytes($"Redirecting to {location}"))
        {
            ContentType = "text/plain; charset=utf-8",
            Headers = new Dictionary<string, string> { ["Location"] = location },
        };

    public CustomAnswer WithHeader(string name, string value) =>
        this with { Headers = new Dictionary<string, string>(Headers) { [name] = value } };

    internal async Task WriteAsync(HttpContext context, RequestLog log, CancellationToken token)
    {
        var response = context.Response;
        response.StatusCode = Status;
        response.ContentType = ContentType;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        if (!Chunked)
        {
            response.ContentLength = Length;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await response.StartAsync(token);
        for (long i = 0; i < Repeat; i++)
        {
            log.AddBytes(Body.Length);
            await response.Body.WriteAsync(Body, token);
        }
    }
}
