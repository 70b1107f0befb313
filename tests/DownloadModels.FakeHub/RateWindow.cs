namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// One rate-limit bucket with the Hub's fixed 300 s window, producing the IETF-draft headers the Hub sends:
/// <c>RateLimit: "api";r=999;t=300</c> and <c>RateLimit-Policy: "fixed window";"api";q=1000;w=300</c>.
/// The fake never refuses on its own; tests force a 429 with <see cref="HubFaults.Status"/>.
/// </summary>
internal sealed class RateWindow(string bucket, int quota, TimeProvider time)
{
    private const int WindowSeconds = 300;
    private readonly Lock _gate = new();
    private DateTimeOffset _windowStart = time.GetUtcNow();
    private int _used;

    public string Policy => $"\"fixed window\";\"{bucket}\";q={quota};w={WindowSeconds}";

    /// <summary>Counts one request and returns the RateLimit value after it.</summary>
    public string Take()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now - _windowStart >= TimeSpan.FromSeconds(WindowSeconds))
            {
                (_windowStart, _used) = (now, 0);
            }

            _used++;
            return Value(Math.Max(0, quota - _used), SecondsLeft(now));
        }
    }

    public string Exhausted(TimeSpan resetIn) => Value(0, (long)Math.Ceiling(resetIn.TotalSeconds));

    private string Value(int remaining, long seconds) => $"\"{bucket}\";r={remaining};t={seconds}";

    private long SecondsLeft(DateTimeOffset now) =>
        Math.Max(1, (long)Math.Ceiling((_windowStart.AddSeconds(WindowSeconds) - now).TotalSeconds));
}
