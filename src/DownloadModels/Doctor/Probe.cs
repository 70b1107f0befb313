using System.Diagnostics;
using System.Globalization;
using DownloadModels.Hub;

namespace DownloadModels.Doctor;

/// <summary>
/// One network step of a check: run under its own deadline (a few seconds, so `doctor` never hangs), with no retry,
/// timed, and its failure turned into a few words — whether a server answered at all, and whether TLS failed.
/// </summary>
internal static class Probe
{
    /// <summary>No retry: a check reports what happens now; the attempt's own limit lies past the deadline, which speaks first.</summary>
    public static RetryPolicy Once(TimeSpan timeout) => RetryPolicy.Default with { MaxRetries = 0, StallTimeout = timeout * 2 };

    /// <summary>Runs <paramref name="step"/>; past <paramref name="timeout"/> it is cancelled and throws <see cref="DeadlineException"/>.</summary>
    public static async Task<(T Value, TimeSpan Elapsed)> WithinAsync<T>(TimeSpan timeout, Func<CancellationToken, Task<T>> step, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            var value = await step(deadline.Token);
            return (value, clock.Elapsed);
        }
        catch (Exception e) when (e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new DeadlineException(timeout, e);
        }
    }

    /// <summary>"5 s", "0.5 s".</summary>
    public static string Seconds(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:0.#} s");

    /// <summary>"120 ms".</summary>
    public static string Millis(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0} ms");

    /// <summary>" through proxy http://proxy:3128", or "" when the request goes direct.</summary>
    public static string Via(string? proxy) => proxy is null ? "" : $" through proxy {proxy}";

    /// <summary>Whether the failure is the TLS handshake: the server was reached, its certificate (or protocol) refused.</summary>
    public static bool IsTls(Exception e) => Root(e) is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }
        or HttpRequestException { InnerException: Tls.CertificateStoreException };

    /// <summary>Whether the host name did not resolve (no DNS, or a network where only the proxy resolves names).</summary>
    public static bool IsNameResolution(Exception e) => Root(e) is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError };

    /// <summary>A few words for why a step failed, without the URL (the check's line names it).</summary>
    public static string Reason(Exception e) => Root(e) switch
    {
        DeadlineException deadline => $"no answer within {Seconds(deadline.Limit)}",
        HttpRequestException { InnerException: System.Security.Authentication.AuthenticationException }
            => "the TLS handshake failed: the server's certificate is not trusted by the CA store (or is for another name)",
        var root => NetworkErrors.Reason(root),
    };

    /// <summary>The failure below the Hub's wrapper (<see cref="NetworkErrors.Describe"/> wraps what happened below HTTP).</summary>
    private static Exception Root(Exception e) => e is HubException { Status: null, InnerException: { } inner } ? Root(inner) : e;
}

/// <summary>A check's step that got no answer within its deadline.</summary>
internal sealed class DeadlineException(TimeSpan limit, Exception inner) : TimeoutException("no answer within the deadline", inner)
{
    public TimeSpan Limit { get; } = limit;
}
