namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// Switches that make the fake misbehave. Each fault fires on at most <c>times</c> matching requests,
/// optionally only on requests whose decoded path and query contain <c>pathContains</c> and that
/// arrive on <c>host</c>. Body faults fire only on GET answers that carry content they can act on.
/// </summary>
public sealed class HubFaults
{
    private readonly Lock _gate = new();
    private readonly List<Fault> _faults = [];

    /// <summary>
    /// Sends the headers with the full Content-Length, then <paramref name="bytes"/> of body, then closes the
    /// connection, so the client sees a premature end. With <paramref name="reset"/> the connection is aborted
    /// (TCP reset) instead, and the client may receive fewer than <paramref name="bytes"/>.
    /// </summary>
    public Fault CutBodyAfter(long bytes, int times = 1, string? pathContains = null, FakeHost host = FakeHost.Any, bool reset = false) =>
        Arm(new Fault(FaultKind.CutBody, times, pathContains, host) { Amount = bytes, Reset = reset });

    /// <summary>Answers <paramref name="code"/> instead of the real answer, with Retry-After and a spent RateLimit if asked.</summary>
    public Fault Status(int code, int times = 1, TimeSpan? retryAfter = null, bool rateLimitHeader = false, string? pathContains = null, FakeHost host = FakeHost.Any) =>
        Arm(new Fault(FaultKind.Status, times, pathContains, host) { StatusCode = code, RetryAfter = retryAfter, RateLimitHeader = rateLimitHeader });

    /// <summary>Sends the headers and <paramref name="afterBytes"/> of body, then nothing for <paramref name="duration"/>, then the rest.</summary>
    public Fault Stall(TimeSpan duration, int times = 1, long afterBytes = 0, string? pathContains = null, FakeHost host = FakeHost.Any) =>
        Arm(new Fault(FaultKind.Stall, times, pathContains, host) { Duration = duration, Amount = afterBytes });

    /// <summary>Inverts the byte at <paramref name="offset"/> of the file whenever an answer covers that offset.</summary>
    public Fault FlipByte(long offset, int times = 1, string? pathContains = null, FakeHost host = FakeHost.Any) =>
        Arm(new Fault(FaultKind.FlipByte, times, pathContains, host) { Amount = offset });

    /// <summary>Answers a Range request with 200 and the whole body.</summary>
    public Fault IgnoreRange(int times = 1, string? pathContains = null, FakeHost host = FakeHost.Any) =>
        Arm(new Fault(FaultKind.IgnoreRange, times, pathContains, host));

    /// <summary>Serves the file one byte short, with headers (Content-Length, Content-Range total) that agree.</summary>
    public Fault WrongLength(int times = 1, string? pathContains = null, FakeHost host = FakeHost.Any) =>
        Arm(new Fault(FaultKind.WrongLength, times, pathContains, host));

    /// <summary>The next <paramref name="times"/> signed URLs that /resolve/ issues stop working <paramref name="after"/> issue.</summary>
    public Fault ExpireSignedUrls(TimeSpan after, int times = int.MaxValue, string? pathContains = null) =>
        Arm(new Fault(FaultKind.ExpireSignedUrl, times, pathContains, FakeHost.Api) { Duration = after });

    /// <summary>The next <paramref name="times"/> signed URLs issued answer only <paramref name="uses"/> CDN requests, then 403 as expired.</summary>
    public Fault ExpireSignedUrlsAfterUses(int uses, int times = 1, string? pathContains = null) =>
        Arm(new Fault(FaultKind.LimitSignedUrlUses, times, pathContains, FakeHost.Api) { Amount = uses });

    /// <summary>Paces every matching content answer to <paramref name="perConnection"/> bytes per second.</summary>
    public Fault ThrottleBytesPerSecond(long perConnection, int times = int.MaxValue, string? pathContains = null, FakeHost host = FakeHost.Any)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perConnection);
        return Arm(new Fault(FaultKind.Throttle, times, pathContains, host) { Amount = perConnection });
    }

    /// <summary>/resolve/ answers 302 to its own URL.</summary>
    public Fault RedirectLoop(int times = 1, string? pathContains = null) =>
        Arm(new Fault(FaultKind.RedirectLoop, times, pathContains, FakeHost.Api));

    /// <summary>Answers matching requests with <paramref name="answer"/> instead of what the fake would send.</summary>
    public Fault Answer(CustomAnswer answer, int times = int.MaxValue, string? pathContains = null, FakeHost host = FakeHost.Any) =>
        Answer(_ => answer, times, pathContains, host);

    /// <summary>Answers matching requests with what <paramref name="answer"/> builds from the decoded path and query.</summary>
    public Fault Answer(Func<string, CustomAnswer> answer, int times = int.MaxValue, string? pathContains = null, FakeHost host = FakeHost.Any) =>
        Arm(new Fault(FaultKind.Answer, times, pathContains, host) { Respond = answer });

    /// <summary>
    /// Xet: the xorb URLs of the next <paramref name="times"/> reconstructions the CAS answers stop working
    /// <paramref name="after"/> issue (zero: the first fetch gets 403 "Request has expired", as a stale signature does).
    /// </summary>
    public Fault ExpireXorbUrls(TimeSpan after, int times = 1, string? pathContains = null) =>
        Arm(new Fault(FaultKind.ExpireXorbUrl, times, pathContains, FakeHost.Cas) { Duration = after });

    /// <summary>
    /// Xet: the next <paramref name="times"/> read tokens the token route issues expire <paramref name="after"/> issue
    /// (their <c>exp</c> says so); the CAS then answers 401 to them.
    /// </summary>
    public Fault ExpireXetTokens(TimeSpan after, int times = 1, string? pathContains = null) =>
        Arm(new Fault(FaultKind.ExpireXetToken, times, pathContains, FakeHost.Api) { Duration = after });

    /// <summary>
    /// Xet: flips bytes inside the compressed data of chunk <paramref name="chunkIndex"/> of xorb <paramref name="xorbHash"/>
    /// whenever a xorb answer carries that chunk (its header is left intact, so the damage shows only once decoded).
    /// </summary>
    public Fault CorruptXorbChunk(string xorbHash, int chunkIndex, int times = 1) =>
        Arm(new Fault(FaultKind.CorruptXorbChunk, times, xorbHash, FakeHost.Transfer) { Amount = chunkIndex });

    /// <summary>Disarms every fault.</summary>
    public void Clear()
    {
        lock (_gate) { _faults.Clear(); }
    }

    /// <summary>Fires the first armed fault of that kind that matches the request and <paramref name="applies"/>.</summary>
    internal Fault? TryFire(FaultKind kind, FakeHost host, string target, Func<Fault, bool>? applies = null)
    {
        lock (_gate)
        {
            foreach (var fault in _faults)
            {
                if (fault.Matches(kind, host, target) && fault.Remaining > 0 && (applies is null || applies(fault)) && fault.TryClaim())
                {
                    return fault;
                }
            }
        }

        return null;
    }

    private Fault Arm(Fault fault)
    {
        lock (_gate) { _faults.Add(fault); }
        return fault;
    }
}
