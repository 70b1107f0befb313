
namespace DownloadModels.Hub;

/// <summary>
/// How often and how patiently to try again: huggingface_hub's schedule (1 s doubling to 8 s, 5 retries)
/// unless the server says how long to wait (Retry-After, RateLimit t=; more than <see cref="MaxServerHint"/> fails
/// at once), and a stall timeout after which a connection that delivers less than
/// <see cref="StallFloorBytesPerSecond"/> is dropped.
/// </summary>
internal sealed record RetryPolicy(int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxDelay, TimeSpan StallTimeout)
{
    public static readonly RetryPolicy Default = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(30));

    /// <summary>
    /// A refused connection means nothing listens there: a server restarting is back within seconds, a dead
    /// endpoint never. Refusals are retried only while their waits add up to at most this, so a dead
    /// endpoint fails in about 7 s (1 + 2 + 4) instead of the whole schedule's 23 s.
    /// </summary>
    public static readonly TimeSpan RefusedBudget = TimeSpan.FromSeconds(10);

    /// <summary>Told of each retry before its wait (null: nobody is watching).</summary>
    public IRetryObserver? Observer { get; init; }

    /// <summary>
    /// A server's hint is honoured up to this; one asking for longer is not waited for at all: the request fails
    /// at once, saying what the server asked (a broken or hostile header must not park a run for hours). So the
    /// waits a server can ask for add up to at most <see cref="MaxRetries"/> times this.
    /// </summary>
    public static readonly TimeSpan MaxServerHint = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A body connection must average at least this over each <see cref="StallTimeout"/> window, or it counts
    /// as stalled (dropped and retried from the byte reached), like one that sends nothing.
    /// </summary>
    public const int StallFloorBytesPerSecond = 1024;

    public TimeSpan DelayFor(int failure, TimeSpan? serverHint)
    {
        if (serverHint is { } hint)
            return (hint < MaxServerHint ? hint : MaxServerHint) + TimeSpan.FromMilliseconds(100);
        // Compared in doubles before a TimeSpan is built: 2^40 seconds would overflow TimeSpan.
        var ticks = BaseDelay.Ticks * Math.Pow(2, Math.Clamp(failure - 1, 0, 62));
        return ticks < MaxDelay.Ticks ? TimeSpan.FromTicks((long)ticks) : MaxDelay;
    }

    /// <summary>
    /// Refused or reset connections, timeouts, bodies cut short and 408/429/5xx are worth another try;
    /// a name that does not resolve or a TLS failure will not fix itself within a run, so they fail fast.
    /// </summary>
    public static bool IsTransient(Exception e, CancellationToken userToken) => e switch
    {
        HubException hub => hub.IsTransient,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ConfigurationLimitExceeded } => false,
        HttpRequestException => true,
        IOException => true,
        TimeoutException => true,
        OperationCanceledException => !userToken.IsCancellationRequested,
        _ => false,
    };

    public static TimeSpan? ServerHint(Exception e) => (e as HubException)?.RetryAfter;

    /// <summary>
    /// The wait before retry <paramref name="failure"/>, or null when the failure should not be retried: the
    /// budget is spent, or the refusals' waits would pass <see cref="RefusedBudget"/>. Tells the observer.
    /// </summary>
    public TimeSpan? NextDelay(Exception e, int failure, ref TimeSpan refusedWaits, string what)
    {
        if (failure > MaxRetries || ServerHint(e) > MaxServerHint)
            return null;
        var delay = DelayFor(failure, ServerHint(e));
        if (NetworkErrors.IsRefused(e))
        {
            refusedWaits += delay;
            if (refusedWaits > RefusedBudget)
                return null;
        }

        Observer?.Retrying(new RetryNotice(what, NetworkErrors.Reason(e), delay, failure, MaxRetries));
        return delay;
    }

    /// <summary>Runs a small API call with retries; each attempt may take at most the stall timeout.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> attempt, Func<Exception, Exception> describe, string what, CancellationToken ct)
    {
        var refusedWaits = TimeSpan.Zero;
        for (var failure = 1; ; failure++)
        {
            using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            attemptCts.CancelAfter(StallTimeout);
            TimeSpan delay;
            try
            {
                return await attempt(attemptCts.Token);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && IsTransient(e, ct) && NextDelay(e, failure, ref refusedWaits, what) is { } wait)
            {
                delay = wait;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not HubException)
            {
                throw describe(e);
            }

            await Task.Delay(delay, ct);
        }
    }
}
