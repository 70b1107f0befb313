using System.Buffers;
using System.Net;

namespace DownloadModels.Oci;

/// <summary>A request body of <paramref name="length"/> bytes of a file from <paramref name="offset"/>, read as it is sent.</summary>
internal sealed class FileSliceContent(string path, long offset, long length, Action<long> onSent) : HttpContent
{
    private const int BufferSize = 1 << 20;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            file.Position = offset;
            for (var left = length; left > 0;)
            {
                var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(BufferSize, left)), cancellationToken);
                if (read == 0)
                    throw new IOException($"{path} ended {left} bytes early: it changed while it was sent.");
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                left -= read;
                onSent(read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length1)
    {
        length1 = length;
        return true;
    }
}
