using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace DownloadModels.Tests.FakeHub.Xet;

/// <summary>
/// The fake hub's Xet CAS (protocol doc §2, §4, §5), serving files and xorbs that <c>@huggingface/hub</c>'s own
/// uploader made (<see cref="XetOracle"/>), added with <see cref="FakeRepo.AddXetFile"/>:
/// <list type="bullet">
/// <item>the token route <c>GET /api/{type}s/{repo}/xet-read-token/{rev}</c> on the API host (Hub token, or none for
///   public repos) answers <c>{accessToken, exp, casUrl}</c>;</item>
/// <item><c>GET /v2/reconstructions/{hash}</c> and <c>/v1/…</c> on <see cref="FakeHub.CasUrl"/> with
///   <c>Authorization: Bearer {accessToken}</c> and an optional <c>Range: bytes=S-E</c> (E inclusive; 416 when S is past
///   the end; whole chunks, with <c>offset_into_first_range</c>);</item>
/// <item>signed xorb URLs on <see cref="FakeHub.TransferUrl"/> that answer only the signed ranges, one (206) or several
///   (206 multipart/byteranges), and never look at <c>Authorization</c>.</item>
/// </list>
/// Faults: <see cref="HubFaults.ExpireXorbUrls"/>, <see cref="HubFaults.ExpireXetTokens"/>,
/// <see cref="HubFaults.CorruptXorbChunk"/>, and the generic ones with <c>host: FakeHost.Cas</c> or
/// <c>FakeHost.Transfer</c> (Status for 429/5xx, Answer for nonsense JSON, Stall, CutBodyAfter and
/// ThrottleBytesPerSecond on xorb bodies); plus the settings below. All members are thread-safe.
/// </summary>
public sealed class FakeCas
{
    private const string KeyPairId = "KFAKECAS";
    private readonly FakeHub _hub;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, XetXorb> _xorbs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, XetFixtureFile> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SignedXorbUrl> _urls = new(StringComparer.Ordinal);
    private readonly Lazy<string> _deadUrl;
    private long _xorbBytes;
    private long _reconstructionBytes;
    private int _reconstructions;
    private int _tokensIssued;

    internal FakeCas(FakeHub hub, TimeProvider time)
    {
        _hub = hub;
        _time = time;
        _deadUrl = new Lazy<string>(DeadUrl);
    }

    /// <summary>What <c>/v2/reconstructions/</c> answers instead of serving (404 or 501: the client must fall back to v1); null serves.</summary>
    public int? V2Status { get; set; }

    /// <summary>What <c>/v1/reconstructions/</c> answers instead of serving; null serves.</summary>
    public int? V1Status { get; set; }

    /// <summary>Signed ranges per xorb URL in a v2 answer; a xorb needing more gets several entries (1: one range per URL).</summary>
    public int MaxRangesPerUrl { get; set; } = 500;

    /// <summary>The token route and the resolve links then name a CAS URL where nothing listens (a closed loopback port).</summary>
    public bool Unreachable { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan XorbUrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The CAS URL the token route hands out.</summary>
    public string AdvertisedUrl => Unreachable ? _deadUrl.Value : _hub.CasUrl;

    /// <summary>Body bytes sent on xorb URLs (multipart framing included): what crossed the wire from the transfer host.</summary>
    public long XorbBytesServed => Interlocked.Read(ref _xorbBytes);

    /// <summary>Body bytes of reconstruction answers (JSON) sent.</summary>
    public long ReconstructionBytesServed => Interlocked.Read(ref _reconstructionBytes);

    /// <summary>Reconstruction answers sent (v1 and v2, successful ones).</summary>
    public int ReconstructionsServed => Volatile.Read(ref _reconstructions);

    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    /// <summary>Whether the CAS holds a file with that xet hash.</summary>
    public bool Knows(string xetHash) => _files.ContainsKey(xetHash);

    /// <summary>Makes every read token issued so far invalid: the CAS answers 401 to them (as to expired ones).</summary>
    public void RevokeTokens()
    {
        foreach (var token in _tokens.Keys)
        {
            _tokens[token] = DateTimeOffset.MinValue;
        }
    }

    /// <summary>
    /// Requests to the CAS, the transfer host or the LFS CDN that carry <paramref name="secret"/> (a Hub token) anywhere
    /// in their target or headers: there must be none.
    /// </summary>
    public IReadOnlyList<FakeRequest> RequestsCarrying(string secret) =>
        [.. _hub.Requests.Where(r => r.Host is FakeHost.Cas or FakeHost.Transfer or FakeHost.Cdn
            && (r.PathAndQuery.Contains(secret, StringComparison.Ordinal) || r.Headers.Values.Any(v => v.Contains(secret, StringComparison.Ordinal))))];

    /// <summary>The <c>rel="xet-reconstruction-info"</c> link target (the Hub names the v1 route there).</summary>
    internal string ReconstructionUrl(string xetHash) => $"{AdvertisedUrl}/v1/reconstructions/{xetHash}";

    internal void Add(XetFixtureSet set, XetFixtureFile file)
    {
        foreach (var xorb in set.XorbsOf(file))
        {
            _xorbs.TryAdd(xorb.Hash, xorb);
        }

        _files.TryAdd(file.XetHash, file);
    }

    /// <summary>The token route, once the repo and revision are authorised and resolved.</summary>
    internal Task TokenAsync(HttpContext context, string target)
    {
        var lifetime = _hub.Faults.TryFire(FaultKind.ExpireXetToken, FakeHost.Api, target)?.Duration ?? TokenLifetime;
        var token = "xet_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var expires = _time.GetUtcNow() + lifetime;
        _tokens[token] = expires;
        Interlocked.Increment(ref _tokensIssued);
        var exp = expires.ToUnixTimeSeconds();
        // Older huggingface_hub read the same values from these headers.
        context.Response.Headers["X-Xet-Access-Token"] = token;
        context.Response.Headers["X-Xet-Token-Expiration"] = exp.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-Xet-Cas-Url"] = AdvertisedUrl;
        return HubAnswers.JsonAsync(context, new JsonObject { ["accessToken"] = token, ["exp"] = exp, ["casUrl"] = AdvertisedUrl });
    }

    /// <summary>Requests on the CAS host: <c>/v1|v2/reconstructions/{hash}</c>.</summary>
    internal async Task HandleCasAsync(HttpContext context, RequestLog log, RequestTarget target)
    {
        var s = target.Segments;
        if (s is not [("v1" or "v2") and var version, "reconstructions", var hash])
        {
            await HubAnswers.NotFoundAsync(context);
            return;
        }

        if ((version == "v2" ? V2Status : V1Status) is { } status)
        {
            await HubAnswers.ErrorAsync(context, status, null, status == 404 ? "Not Found" : "Not Implemented");
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            || !_tokens.TryGetValue(authorization["Bearer ".Length..].Trim(), out var expires)
            || _time.GetUtcNow() >= expires)
        {
            await HubAnswers.ErrorAsync(context, 401, null, "Unauthorized: invalid or expired token");
            return;
        }

        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
        {
            await HubAnswers.ErrorAsync(context, 400, null, $"Invalid file id {hash}");
            return;
        }

        if (!_files.TryGetValue(hash, out var file))
        {
            await HubAnswers.ErrorAsync(context, 404, null, $"File {hash} not found");
            return;
        }

        var (first, last) = (0L, file.Size - 1);
        var rangeHeader = context.Request.Headers.Range.ToString();
        if (rangeHeader.Length > 0)
        {
            if (RangeRequest.Parse(rangeHeader) is not { Start: { } start } range)
            {
                await HubAnswers.ErrorAsync(context, 400, null, $"Invalid range {rangeHeader}");
                return;
            }

            (first, last) = (start, Math.Min(range.End ?? long.MaxValue, file.Size - 1));
        }

        if (first >= file.Size && file.Size > 0 || (rangeHeader.Length > 0 && file.Size == 0))
        {
            context.Response.Headers.ContentRange = $"bytes */{file.Size}";
            await HubAnswers.ErrorAsync(context, 416, null, "Requested range not satisfiable");
            return;
        }

        var plan = XetReconstruction.Plan(file, _xorbs, first, last);
        var lifetime = _hub.Faults.TryFire(FaultKind.ExpireXorbUrl, FakeHost.Cas, log.DecodedTarget)?.Duration ?? XorbUrlLifetime;
        var json = version == "v2" ? V2(plan, lifetime) : V1(plan, lifetime);
        Interlocked.Increment(ref _reconstructions);
        var body = System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
        Interlocked.Add(ref _reconstructionBytes, body.Length);
        await HubAnswers.BytesAsync(context, 200, "application/json", body);
    }

    private JsonObject V2(XetReconstruction plan, TimeSpan lifetime)
    {
        var xorbs = new JsonObject();
        foreach (var (hash, ranges) in plan.FetchRanges)
        {
            var entries = new JsonArray();
            foreach (var group in ranges.Chunk(Math.Max(1, MaxRangesPerUrl)))
            {
                entries.Add(new JsonObject
                {
                    ["url"] = Sign(hash, group, lifetime),
                    ["ranges"] = new JsonArray([.. group.Select(r => new JsonObject
                    {
                        ["chunks"] = new JsonObject { ["start"] = r.ChunkStart, ["end"] = r.ChunkEnd },
                        ["bytes"] = new JsonObject { ["start"] = r.ByteStart, ["end"] = r.ByteLast },
                    })]),
                });
            }

            xorbs[hash] = entries;
        }

        return new JsonObject { ["offset_into_first_range"] = plan.OffsetIntoFirstRange, ["terms"] = Terms(plan), ["xorbs"] = xorbs };
    }

    private JsonObject V1(XetReconstruction plan, TimeSpan lifetime)
    {
        var fetchInfo = new JsonObject();
        foreach (var (hash, ranges) in plan.FetchRanges)
        {
            fetchInfo[hash] = new JsonArray([.. ranges.Select(r => new JsonObject
            {
                ["range"] = new JsonObject { ["start"] = r.ChunkStart, ["end"] = r.ChunkEnd },
                ["url"] = Sign(hash, [r], lifetime),
                ["url_range"] = new JsonObject { ["start"] = r.ByteStart, ["end"] = r.ByteLast },
            })]);
        }

        return new JsonObject { ["offset_into_first_range"] = plan.OffsetIntoFirstRange, ["terms"] = Terms(plan), ["fetch_info"] = fetchInfo };
    }

    private static JsonArray Terms(XetReconstruction plan) =>
        new([.. plan.Terms.Select(t => new JsonObject
        {
            ["hash"] = t.Xorb,
            ["unpacked_length"] = t.UnpackedLength,
            ["range"] = new JsonObject { ["start"] = t.Start, ["end"] = t.End },
        })]);

    private string Sign(string xorb, IReadOnlyList<XetFetchRange> ranges, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow();
        var expiresAt = now + lifetime;
        var expires = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signedRange = "bytes=" + string.Join(',', ranges.Select(r => $"{r.ByteStart}-{r.ByteLast}"));
        var signature = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var path = $"/xorb/default/{xorb}";
        _urls[signature] = new SignedXorbUrl(xorb, path, signedRange, [.. ranges.Select(r => (r.ByteStart, r.ByteLast))], expires, expiresAt);
        var policy = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{{\"Statement\":[{{\"Resource\":\"{path}\",\"Condition\":{{\"DateLessThan\":{{\"AWS:EpochTime\":{expires}}}}}}}]}}"))
            .Replace('+', '-').Replace('=', '_').Replace('/', '~');
        return $"{_hub.TransferUrl}{path}?X-Xet-Signed-Range={Uri.EscapeDataString(signedRange)}&Expires={expires}&Policy={policy}&Signature={signature}&Key-Pair-Id={KeyPairId}";
    }

    /// <summary>Requests on the transfer host: signed xorb URLs.</summary>
    internal async Task HandleTransferAsync(HttpContext context, RequestLog log, RequestTarget target, CancellationToken token)
    {
        var query = QueryHelpers.ParseQuery(target.Query);
        if (!_urls.TryGetValue(query.GetValueOrDefault("Signature").ToString(), out var url)
            || url.Path != target.RawPath
            || query.GetValueOrDefault("Expires").ToString() != url.Expires
            || query.GetValueOrDefault("X-Xet-Signed-Range").ToString() != url.SignedRange
            || query.GetValueOrDefault("Key-Pair-Id").ToString() != KeyPairId)
        {
            await DeniedAsync(context, "Access denied");
            return;
        }

        if (_time.GetUtcNow() >= url.ExpiresAt)
        {
            await DeniedAsync(context, "Request has expired");
            return;
        }

        // Only whole signed ranges, ascending, each at most once: the full signed set (one request, multipart when
        // several) or any part of it (one request per range, as xet-core does). A sub-range or no Range is refused.
        var asked = ParseRanges(context.Request.Headers.Range.ToString());
        if (asked is null || asked.Count == 0
            || asked.Any(a => !url.Ranges.Contains(a))
            || asked.Zip(asked.Skip(1)).Any(p => p.First.First >= p.Second.First))
        {
            await DeniedAsync(context, "Range not signed");
            return;
        }

        var xorb = _xorbs[url.Xorb];
        var bytes = xorb.Bytes;
        if (_hub.Faults.TryFire(FaultKind.CorruptXorbChunk, FakeHost.Transfer, log.DecodedTarget,
                f => f.Amount < xorb.Chunks.Count && asked.Any(a => a.First <= xorb.Chunks[(int)f.Amount].Offset && xorb.Chunks[(int)f.Amount].Offset <= a.Last)) is { } corrupt)
        {
            var chunk = xorb.Chunks[(int)corrupt.Amount];
            bytes = (byte[])bytes.Clone();
            // Inside the packed data, past the 8-byte header: a few bytes in its middle.
            var middle = chunk.Offset + 8 + ((chunk.PackedLength - 8) / 2);
            for (var i = middle; i < Math.Min(middle + 4, chunk.Offset + chunk.PackedLength); i++)
            {
                bytes[i] ^= 0x5A;
            }
        }

        var pieces = new List<ReadOnlyMemory<byte>>();
        var response = context.Response;
        response.StatusCode = 206;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = $"\"{url.Xorb[..32]}\"";
        if (asked.Count == 1)
        {
            var (first, last) = asked[0];
            response.ContentType = "application/octet-stream";
            response.Headers.ContentRange = $"bytes {first}-{last}/{bytes.Length}";
            pieces.Add(bytes.AsMemory((int)first, (int)(last - first + 1)));
        }
        else
        {
            var boundary = "xet-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            response.ContentType = $"multipart/byteranges; boundary={boundary}";
            var separator = "";
            foreach (var (first, last) in asked)
            {
                pieces.Add(System.Text.Encoding.ASCII.GetBytes($"{separator}--{boundary}\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes {first}-{last}/{bytes.Length}\r\n\r\n"));
                pieces.Add(bytes.AsMemory((int)first, (int)(last - first + 1)));
                separator = "\r\n";
            }

            pieces.Add(System.Text.Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n"));
        }

        response.ContentLength = pieces.Sum(p => (long)p.Length);
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await BodySender.SendAsync(_hub, context, log, pieces, n => Interlocked.Add(ref _xorbBytes, n), token);
        }
    }

    /// <summary><c>bytes=a-b,c-d</c> into inclusive pairs; null when malformed (open ends and suffixes are not signed ranges).</summary>
    private static List<(long First, long Last)>? ParseRanges(string header)
    {
        if (!header.StartsWith("bytes=", StringComparison.Ordinal))
        {
            return null;
        }

        var list = new List<(long, long)>();
        foreach (var part in header["bytes=".Length..].Split(','))
        {
            var dash = part.IndexOf('-');
            if (dash <= 0
                || !long.TryParse(part.AsSpan(0, dash).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                || !long.TryParse(part.AsSpan(dash + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                || last < first)
            {
                return null;
            }

            list.Add((first, last));
        }

        return list;
    }

    private static Task DeniedAsync(HttpContext context, string message) =>
        HubAnswers.TextAsync(context, 403, "application/xml",
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>{message}</Message></Error>");

    private static string DeadUrl()
    {
        // A port that was free a moment ago and is closed now: connections to it are refused.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return $"http://127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}";
    }

    private sealed record SignedXorbUrl(string Xorb, string Path, string SignedRange, HashSet<(long, long)> Ranges, string Expires, DateTimeOffset ExpiresAt);
}
