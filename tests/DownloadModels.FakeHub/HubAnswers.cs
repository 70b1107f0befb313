using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace DownloadModels.Tests.FakeHub;

/// <summary>Small answers shared by the endpoints: JSON bodies, Hub errors, text bodies.</summary>
internal static class HubAnswers
{
    public static Task JsonAsync(HttpContext context, JsonNode body, int status = 200) =>
        BytesAsync(context, status, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(body.ToJsonString()));

    /// <summary>The Hub's error shape (protocol §4): X-Error-Code, X-Error-Message and <c>{"error": …}</c>.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string? code, string message)
    {
        if (code is not null)
        {
            context.Response.Headers["X-Error-Code"] = code;
        }

        context.Response.Headers["X-Error-Message"] = message;
        return JsonAsync(context, new JsonObject { ["error"] = message }, status);
    }

    public static Task TextAsync(HttpContext context, int status, string contentType, string text) =>
        BytesAsync(context, status, contentType, Encoding.UTF8.GetBytes(text));

    public static async Task BytesAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            context.Features.Get<RequestLog>()?.AddBytes(body.Length);
            await response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    public static Task RepoNotFoundAsync(HttpContext context, bool anonymous) =>
        ErrorAsync(context, anonymous ? 401 : 404, "RepoNotFound", "Repository not found");

    public static Task RevisionNotFoundAsync(HttpContext context, string revision) =>
        ErrorAsync(context, 404, "RevisionNotFound", $"Invalid rev id: {revision}");

    public static Task EntryNotFoundAsync(HttpContext context, string commit, string path)
    {
        context.Response.Headers["X-Repo-Commit"] = commit;
        return ErrorAsync(context, 404, "EntryNotFound", $"Entry not found: {path}");
    }

    public static Task NotFoundAsync(HttpContext context) => ErrorAsync(context, 404, null, "Not Found");
}
