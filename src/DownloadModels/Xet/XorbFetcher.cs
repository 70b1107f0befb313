using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using DownloadModels.Hub;
using Microsoft.Win32.SafeHandles;

namespace DownloadModels.Xet;

/// <summary>
/// Fetches one signed xorb range with exactly its <c>Range</c> (and no Authorization: the URL is signed) and streams
/// it: chunk header, stored bytes, decode, write at each file offset a term needs it, record it in the sidecar. Holds
/// one chunk at a time (a few hundred KB), whatever the range's size. A body that delivers nothing for the stall
/// timeout is dropped.
/// </summary>
internal sealed class XorbFetcher(HubHttp http, RetryPolicy retry, SafeFileHandle file, XetState state, IXetProgress progress, ChunkMap map)
{
    private const int StoredBufferSize = ChunkHeader.MaxCompressed;

    public async Task FetchAsync(XorbJob job, IFetchTicket ticket, CancellationToken ct)
    {
        var range = job.Range;
        long received = 0;
        var failed = true;
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stall.CancelAfter(retry.StallTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, range.Url);
            request.Headers.Range = new RangeHeaderValue(range.ByteStart, range.ByteEnd);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
            using var response = await http.SendOnceAsync(request, stall.Token);
            Check(response, range);
            await using var body = await response.Content.ReadAsStreamAsync(stall.Token);
            received = await ReadChunksAsync(body, job, stall, ct);
            failed = false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"a xorb range delivered nothing for {retry.StallTimeout.TotalSeconds:0} s; dropped");
        }
        finally
        {
            ticket.Completed(received, failed);
        }
    }

    private static void Check(HttpResponseMessage response, XorbRange range)
    {
        var status = response.StatusCode;
        if (status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
            throw new XorbUrlExpiredException($"a xorb URL was refused (HTTP {(int)status}): its signature expired");
        if (HubErrors.IsTransientStatus(status))
            throw new HubException(HubErrorKind.Transient, $"a xorb range: the Xet store answered HTTP {(int)status}", (int)status, HubErrors.RetryAfterOf(response));
        if (status != HttpStatusCode.PartialContent)
            throw new XetDataException($"a xorb range was answered HTTP {(int)status}, not 206 with the signed range");
        if (response.Content.Headers.ContentRange is { From: { } from } && from != range.ByteStart)
            throw new XetDataException($"a xorb range was answered from byte {from}, not the {range.ByteStart} asked for");
        if (response.Content.Headers.ContentEncoding.Any(e => e != "identity"))
            throw new XetDataException("a xorb range came compressed despite Accept-Encoding: identity");
    }

    private async Task<long> ReadChunksAsync(Stream body, XorbJob job, CancellationTokenSource stall, CancellationToken ct)
    {
        var range = job.Range;
        var header = new byte[ChunkHeader.Size];
        var stored = ArrayPool<byte>.Shared.Rent(StoredBufferSize);
        var decoded = ArrayPool<byte>.Shared.Rent(ChunkHeader.MaxUncompressed);
        var decoder = new ChunkDecoder();
        long received = 0;
        try
        {
            for (var chunk = range.ChunkStart; chunk < range.ChunkEnd; chunk++)
            {
                if (received + ChunkHeader.Size > range.Length)
                    throw new XetDataException($"xorb {range.Xorb}: its range ends before chunk {chunk}");
                await ReadExactlyAsync(body, header, stall, ct);
                received += header.Length;
                var info = ChunkHeader.Parse(header);
                if (received + info.CompressedLength > range.Length)
                    throw new XetDataException($"xorb {range.Xorb}: chunk {chunk} runs past the signed range");
                await ReadExactlyAsync(body, stored.AsMemory(0, info.CompressedLength), stall, ct);
                received += info.CompressedLength;
                await PlaceAsync(job, chunk, info, stored, decoded, decoder, ct);
            }

            if (received != range.Length)
                throw new XetDataException($"xorb {range.Xorb}: the signed range holds {range.Length} bytes, its chunks {received}");
            return received;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(stored);
            ArrayPool<byte>.Shared.Return(decoded);
        }
    }

    /// <summary>Writes one chunk wherever a term of this span needs it, once its bytes decode.</summary>
    private async Task PlaceAsync(XorbJob job, int chunk, ChunkHeader info, byte[] stored, byte[] decoded, ChunkDecoder decoder, CancellationToken ct)
    {
        var length = info.UncompressedLength;
        var isDecoded = false;
        foreach (var placement in job.Placements)
        {
            var term = placement.Term;
            if (chunk < term.Start || chunk >= term.End)
                continue;
            var offset = placement.Cursor;
            placement.Cursor += length;
            // A span owns the chunks that start inside it, whole: the one across its end is its own, the one across
            // its start belongs to the span before (a span cut at any byte still records whole chunks only).
            if (offset >= job.SpanStart && offset < job.SpanEnd)
            {
                if (offset + length > state.Size)
                    throw new XetDataException($"xorb {range(job)}: chunk {chunk} runs past the end of the file");
                map.Add(term.Xorb, chunk, offset, length);
                if (!state.Has(offset, length))
                {
                    if (!isDecoded)
                    {
                        decoder.Decode(info, stored.AsSpan(0, info.CompressedLength), decoded.AsSpan(0, length));
                        isDecoded = true;
                    }

                    await WriteAsync(decoded.AsMemory(0, length), offset, ct);
                    state.Add(offset, length);
                    progress.Wrote(length);
                }
            }

            if (chunk == term.End - 1 && placement.Cursor - placement.FileStart != term.UnpackedLength)
            {
                state.Forget(Math.Max(placement.FileStart, job.SpanStart), placement.Cursor);
                throw new XetDataException($"xorb {term.Xorb} chunks {term.Start}-{term.End}: {placement.Cursor - placement.FileStart} bytes, the term's unpacked_length says {term.UnpackedLength}");
            }
        }

        static string range(XorbJob j) => j.Range.Xorb;
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> data, long offset, CancellationToken ct)
    {
        try
        {
            await RandomAccess.WriteAsync(file, data, offset, ct);
        }
        catch (IOException e)
        {
            throw new XetWriteException(e);
        }
    }

    private async Task ReadExactlyAsync(Stream body, Memory<byte> into, CancellationTokenSource stall, CancellationToken ct)
    {
        var total = 0;
        while (total < into.Length)
        {
            stall.CancelAfter(retry.StallTimeout);
            var read = await body.ReadAsync(into[total..], stall.Token);
            if (read == 0)
                throw new IOException("the Xet store closed a xorb range before its end");
            total += read;
            progress.Received(read);
            ct.ThrowIfCancellationRequested();
        }
    }
}
