namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// One armed fault. It fires on matching requests until it has fired <see cref="Times"/> times;
/// <see cref="Fired"/> lets a test check how often the client actually met it.
/// </summary>
public sealed class Fault
{
    private int _fired;

    internal Fault(FaultKind kind, int times, string? pathContains, FakeHost host)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        Kind = kind;
        Times = times;
        PathContains = pathContains;
        Host = host;
    }

    public FaultKind Kind { get; }

    public int Times { get; }

    /// <summary>Only requests whose decoded path and query contain this text; null means all.</summary>
    public string? PathContains { get; }

    public FakeHost Host { get; }

    public int Fired => Volatile.Read(ref _fired);

    public int Remaining => Times - Fired;

    /// <summary>Bytes for CutBody/Stall/FlipByte/Throttle, uses for LimitSignedUrlUses.</summary>
    public long Amount { get; init; }

    /// <summary>Stall length or signed URL lifetime.</summary>
    public TimeSpan Duration { get; init; }

    public int StatusCode { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public bool RateLimitHeader { get; init; }

    /// <summary>CutBody only: abort with a TCP reset instead of closing after the bytes.</summary>
    public bool Reset { get; init; }

    /// <summary>Answer only: builds the scripted answer from the request's decoded path and query.</summary>
    internal Func<string, CustomAnswer>? Respond { get; init; }

    internal bool Matches(FaultKind kind, FakeHost host, string target) =>
        Kind == kind
        && (Host == FakeHost.Any || Host == host)
        && (PathContains is null || target.Contains(PathContains, StringComparison.Ordinal));

    /// <summary>Claims one firing; false once the fault is used up. Callers hold the faults lock.</summary>
    internal bool TryClaim()
    {
        if (_fired >= Times)
        {
            return false;
        }

        Volatile.Write(ref _fired, _fired + 1);
        return true;
    }
}
