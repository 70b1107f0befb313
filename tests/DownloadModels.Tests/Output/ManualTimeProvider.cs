namespace DownloadModels.Tests.Output;

/// <summary>
/// A clock that moves only when a test says so, firing the timers that fall due on the way
/// (Microsoft.Extensions.TimeProvider.Testing is not a dependency of this project).
/// </summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<ManualTimer> _timers = [];

    public TimeSpan Now { get; private set; }

    public int TimerCount => _timers.Count;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Now.Ticks;

    public override DateTimeOffset GetUtcNow() => Epoch + Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        _timers.Add(timer);
        return timer;
    }

    /// <summary>Moves the clock forward, firing each due timer at its own instant, in order.</summary>
    public void Advance(TimeSpan by)
    {
        var target = Now + by;
        while (_timers.Where(t => t.Due <= target).MinBy(t => t.Due) is { } next)
        {
            Now = next.Due!.Value;
            next.Fire();
        }

        Now = target;
    }

    public void Remove(ManualTimer timer) => _timers.Remove(timer);
}
