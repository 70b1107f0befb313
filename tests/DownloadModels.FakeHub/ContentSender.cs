using System.Buffers;
using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// Serves a blob the way S3 and the Hub do (Accept-Ranges, 206/416, optional gzip) and applies the body
/// faults while streaming it in chunks, so content is never held whole in memory.
/// </summary>
internal sealed class ContentSender(FakeHub hub)
{
    private const int ChunkSize = 1 << 16;
    private const long MaxGzipSize = 16 << 20;

    /// <param name="compressible">True for regular (non-LFS) files, which the Hub may gzip.</param>
    public async Task SendAsync(HttpContext context, RequestLog log, FakeContent content, bool compressible, CancellationToken token)
    {
        var response = context.Response;
        var isGet = HttpMethods.IsGet(context.Request.Method);
        response.Headers.AcceptRanges = "bytes";
        if (compressible && hub.GzipTextFiles && content.Size <= MaxGzipSize && GzipEncoding.Accepted(context.Request.Headers.AcceptEncoding.ToString()))
        {
            // Like the Hub: the whole body gzip-encoded, chunked, with no Content-Length and no range.
            response.Headers.ContentEncoding = "gzip";
            response.Headers.Vary = "Accept-Encoding";
            if (response.Headers.ETag.ToString() is ['"', ..] strong)
            {
                // Re-encoding changes the bytes, so the validator turns weak, as on the Hub's CDN.
                response.Headers.ETag = "W/" + strong;
            }

            response.StatusCode = 200;
            if (isGet)
            {
                var compressed = FakeContent.FromBytes(GzipEncoding.Compress(content));
                await StreamAsync(context, log, compressed, 0, compressed.Size, token);
            }

            return;
        }

        if (isGet && content.Size > 0 && hub.Faults.TryFire(FaultKind.WrongLength, log.Host, log.DecodedTarget) is not null)
        {
            content = content.Prefix(content.Size - 1);
        }

        var total = content.Size;
        var range = RangeRequest.Parse(context.Request.Headers.Range.ToString() is { Length: > 0 } r ? r : null);
        if (range is not null && isGet && hub.Faults.TryFire(FaultKind.IgnoreRange, log.Host, log.DecodedTarget) is not null)
        {
            range = null;
        }

        var (first, last) = (0L, total - 1);
        response.StatusCode = 200;
        if (range is { } requested)
        {
            if (requested.Resolve(total) is not { } span)
            {
                response.StatusCode = 416;
                response.Headers.ContentRange = $"bytes */{total}";
                response.ContentLength = 0;
                return;
            }

            (first, last) = span;
            response.StatusCode = 206;
            response.Headers.ContentRange = $"bytes {first}-{last}/{total}";
        }

        response.ContentLength = last - first + 1;
        if (isGet)
        {
            await StreamAsync(context, log, content, first, last - first + 1, token);
        }
    }

    private async Task StreamAsync(HttpContext context, RequestLog log, FakeContent content, long first, long length, CancellationToken token)
    {
        var (host, target) = (log.Host, log.DecodedTarget);
        var cut = hub.Faults.TryFire(FaultKind.CutBody, host, target, f => f.Amount < length);
        var stall = hub.Faults.TryFire(FaultKind.Stall, host, target, f => f.Amount < length);
        var flip = hub.Faults.TryFire(FaultKind.FlipByte, host, target, f => f.Amount >= first && f.Amount < first + length);
        var rate = hub.Faults.TryFire(FaultKind.Throttle, host, target)?.Amount;
        var limit = cut?.Amount ?? length;
        var chunk = rate is { } r ? (int)Math.Clamp(r / 20, 1, ChunkSize) : ChunkSize;
        var body = context.Response.Body;
        var clock = Stopwatch.StartNew();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            await context.Response.StartAsync(token);
            long sent = 0;
            long pacedFrom = 0;
            while (sent < limit)
            {
                if (stall is not null && sent == stall.Amount)
                {
                    await body.FlushAsync(token);
                    await Task.Delay(stall.Duration, token);
                    stall = null;
                    // A throttled answer is paced from here: the wait is a round trip, not credit for a burst after it.
                    (pacedFrom, clock) = (sent, Stopwatch.StartNew());
                }

                var n = (int)Math.Min(chunk, limit - sent);
                if (stall is not null)
                {
                    n = (int)Math.Min(n, stall.Amount - sent);
                }

                content.Read(first + sent, buffer.AsSpan(0, n));
                var flipAt = flip is null ? -1 : flip.Amount - first - sent;
                if (flipAt >= 0 && flipAt < n)
                {
                    buffer[flipAt] ^= 0xFF;
                }

                if (rate is { } perSecond && TimeSpan.FromSeconds((double)(sent - pacedFrom) / perSecond) - clock.Elapsed is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait, token);
                }

                log.AddBytes(n);
                await body.WriteAsync(buffer.AsMemory(0, n), token);
                sent += n;
            }

            if (cut is not null)
            {
                // Ending with fewer bytes than Content-Length makes Kestrel close the connection after
                // sending them (FIN): the client deterministically gets exactly the prefix, then an error.
                // A reset (Abort) is the rougher variant: bytes still in flight may be lost.
                await body.FlushAsync(token);
                log.MarkAborted();
                if (cut.Reset)
                {
                    context.Abort();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
