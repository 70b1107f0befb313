using System.Text;
using DownloadModels.Units;

namespace DownloadModels.Hub;

/// <summary>Reads a response body up to a limit, so a hostile or broken server cannot exhaust memory.</summary>
internal static class BoundedBody
{
    public static async Task<byte[]> ReadAsync(HttpContent content, int limit, string what, CancellationToken ct)
    {
        if (content.Headers.ContentLength > limit)
            throw new HubException(HubErrorKind.Protocol, $"{what}: the Hub announced a {ByteSize.Format(content.Headers.ContentLength.Value)} answer, larger than the {ByteSize.Format(limit)} this tool accepts; refused unread.");
        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
                throw new HubException(HubErrorKind.Protocol, $"{what}: the Hub sent an answer larger than the {ByteSize.Format(limit)} this tool accepts; stopped reading.");
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static async Task<string> ReadStringAsync(HttpContent content, int limit, string what, CancellationToken ct)
    {
        var bytes = await ReadAsync(content, limit, what, ct);
        return Encoding.UTF8.GetString(bytes);
    }
}
