using System.IO.Compression;

namespace DownloadModels.Tests.FakeHub;

/// <summary>The Hub's habit of gzip-encoding text files for clients that accept it (protocol §3).</summary>
internal static class GzipEncoding
{
    public static byte[] Compress(FakeContent content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content.ToArray());
        }

        return output.ToArray();
    }

    /// <summary>True when Accept-Encoding lists gzip or * without q=0.</summary>
    public static bool Accepted(string acceptEncoding) =>
        acceptEncoding.Split(',').Select(part => part.Split(';', StringSplitOptions.TrimEntries)).Any(p =>
            p[0] is "gzip" or "*" && !p.Skip(1).Any(q => q.Replace(" ", "") is "q=0" or "q=0.0" or "q=0.00" or "q=0.000"));
}
