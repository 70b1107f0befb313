using System.Text;

namespace DownloadModels.Hub;

/// <summary>Reads a response body up to a limit, so a hostile or broken server cannot exhaust memory.</summary>
internal static class BoundedBody
{
    public static async Task<byte[]> ReadAsync(HttpContent content, int limit, CancellationToken ct)
    {
        if (content.Headers.ContentLength > limit)
            throw new HubException(HubErrorKind.Protocol, $"the Hub sent a {content.Headers.ContentLength}-byte answer where at most {limit} were expected.");
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
                throw new HubException(HubErrorKind.Protocol, $"the Hub sent an answer larger than {limit} bytes.");
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static async Task<string> ReadStringAsync(HttpContent content, int limit, CancellationToken ct)
    {
        var bytes = await ReadAsync(content, limit, ct);
        return Encoding.UTF8.GetString(bytes);
    }
}
