using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace DownloadModels.Tests.FakeHub.Xet;

/// <summary>
/// Streams an answer made of in-memory pieces in 64 KiB writes, applying the body faults of the request's host as
/// <c>ContentSender</c> does for blobs: CutBody (close after N bytes), Stall (pause after N bytes) and Throttle
/// (bytes per second for this answer, i.e. per connection).
/// </summary>
internal static class BodySender
{
    private const int WriteSize = 1 << 16;

    public static async Task SendAsync(FakeHub hub, HttpContext context, RequestLog log, IReadOnlyList<ReadOnlyMemory<byte>> pieces, Action<long> counted, CancellationToken token)
    {
        var (host, target) = (log.Host, log.DecodedTarget);
        var length = pieces.Sum(p => (long)p.Length);
        var cut = hub.Faults.TryFire(FaultKind.CutBody, host, target, f => f.Amount < length);
        var stall = hub.Faults.TryFire(FaultKind.Stall, host, target, f => f.Amount < length);
        var rate = hub.Faults.TryFire(FaultKind.Throttle, host, target)?.Amount;
        var limit = cut?.Amount ?? length;
        var write = rate is { } r ? (int)Math.Clamp(r / 20, 1, WriteSize) : WriteSize;
        var body = context.Response.Body;
        var clock = Stopwatch.StartNew();
        await context.Response.StartAsync(token);
        long sent = 0;
        foreach (var piece in pieces)
        {
            var at = 0;
            while (at < piece.Length && sent < limit)
            {
                if (stall is not null && sent == stall.Amount)
                {
                    await body.FlushAsync(token);
                    await Task.Delay(stall.Duration, token);
                    stall = null;
                }

                var n = (int)Math.Min(Math.Min(write, piece.Length - at), limit - sent);
                if (stall is not null)
                {
                    n = (int)Math.Min(n, stall.Amount - sent);
                }

                if (rate is { } perSecond && TimeSpan.FromSeconds((double)sent / perSecond) - clock.Elapsed is { Ticks: > 0 } wait)
                {
                    await Task.Delay(wait, token);
                }

                log.AddBytes(n);
                counted(n);
                await body.WriteAsync(piece.Slice(at, n), token);
                at += n;
                sent += n;
            }
        }

        if (cut is not null)
        {
            await body.FlushAsync(token);
            log.MarkAborted();
            if (cut.Reset)
            {
                context.Abort();
            }
        }
    }
}
