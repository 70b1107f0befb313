using System.Net;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Bench.Scenarios;

/// <summary>
/// Turns each file's /resolve/ URL into the URL that serves its bytes (a signed CDN URL for LFS files,
/// /api/resolve-cache/ for the rest), so curl and aria2c get the final URLs up front: their runs then
/// measure pure transfer, the most favourable setting for them.
/// </summary>
internal static class UrlResolver
{
    public static async Task<IReadOnlyList<string>> ResolveAsync(FakeHub hub, Scenario scenario)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });
        var api = new Uri(hub.ApiUrl + "/");
        var urls = new string[scenario.Files.Count];
        await Parallel.ForAsync(0, urls.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
        {
            var file = scenario.Files[i];
            var path = string.Join('/', file.Path.Split('/').Select(Uri.EscapeDataString));
            using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(api, $"{file.RepoId}/resolve/main/{path}"));
            using var response = await client.SendAsync(request, token);
            if (response.StatusCode is not (HttpStatusCode.Found or HttpStatusCode.TemporaryRedirect) || response.Headers.Location is not { } location)
            {
                throw new InvalidOperationException($"Resolving {file.RepoId}/{file.Path} answered {(int)response.StatusCode}, not a redirect.");
            }

            urls[i] = new Uri(api, location).AbsoluteUri;
        });
        return urls;
    }
}
