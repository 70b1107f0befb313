namespace DownloadModels.Tests.Output;

/// <summary>A timer of <see cref="ManualTimeProvider"/>: fires only while the test advances the clock.</summary>
internal sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
{
    private TimeSpan _period = Timeout.InfiniteTimeSpan;

    /// <summary>When it fires next on the provider's clock; null when stopped.</summary>
    public TimeSpan? Due { get; private set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.Now + dueTime;
        _period = period;
        return true;
    }

    public void Fire()
    {
        Due = _period > TimeSpan.Zero ? Due + _period : null;
        callback(state);
    }

    public void Dispose()
    {
        Due = null;
        clock.Remove(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
