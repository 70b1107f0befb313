namespace DownloadModels.Hub;

/// <summary>
/// A transient failure about to be retried: what failed (a repo@revision or a file path), why, how long
/// the wait is, and which retry of how many this is. <see cref="ToString"/> is the line people see:
/// <c>model.bin: retrying in 4 s (2/5): connection refused</c>.
/// </summary>
internal sealed record RetryNotice(string What, string Reason, TimeSpan Delay, int Retry, int MaxRetries)
{
    public override string ToString()
    {
        var wait = Delay < TimeSpan.FromSeconds(1)
            ? $"{Math.Max(1, (int)Math.Round(Delay.TotalMilliseconds))} ms"
            : $"{(int)Math.Ceiling(Delay.TotalSeconds)} s";
        return $"{What}: retrying in {wait} ({Retry}/{MaxRetries}): {Reason}";
    }
}
