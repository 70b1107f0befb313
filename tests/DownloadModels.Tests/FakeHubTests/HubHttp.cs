using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace DownloadModels.Tests.FakeHubTests;

/// <summary>A plain client that never follows redirects, so each hop of the protocol can be checked.</summary>
internal static class HubHttp
{
    public static HttpClient Client() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, UseProxy = false })
        {
            Timeout = TimeSpan.FromSeconds(20),
        };

    public static async Task<HttpResponseMessage> SendAsync(
        this HttpClient http, string url, string? token = null, string? range = null, string method = "GET", string? acceptEncoding = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (range is not null)
        {
            request.Headers.TryAddWithoutValidation("Range", range);
        }

        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Follows redirects by hand (relative ones against the API host), as a download client must.</summary>
    public static async Task<HttpResponseMessage> FollowAsync(this HttpClient http, string url, string? token = null, string? range = null)
    {
        var response = await http.SendAsync(url, token, range);
        for (var hops = 0; hops < 5 && (int)response.StatusCode is 302 or 307; hops++)
        {
            var next = new Uri(new Uri(url), response.Headers.Location!);
            var sameHost = next.Authority == new Uri(url).Authority;
            url = next.ToString();
            response.Dispose();
            response = await http.SendAsync(url, sameHost ? token : null, range);
        }

        return response;
    }

    /// <summary>A header from the response or its content, or null.</summary>
    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>Reads the body until it ends or the connection breaks, returning what arrived.</summary>
    public static async Task<(byte[] Body, bool Broken)> ReadBodyAsync(this HttpResponseMessage response)
    {
        using var buffer = new MemoryStream();
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            await stream.CopyToAsync(buffer);
            return (buffer.ToArray(), false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            return (buffer.ToArray(), true);
        }
    }
}
