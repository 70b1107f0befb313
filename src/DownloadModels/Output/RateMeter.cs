namespace DownloadModels.Output;

/// <summary>
/// Transfer speed over a sliding window of samples of a growing byte count. A window rather than the
/// average since the start lets the speed follow a connection that slows down or recovers. Not
/// thread-safe: its owner samples it under its own lock.
/// </summary>
internal sealed class RateMeter(TimeProvider time, TimeSpan window)
{
    private readonly Queue<Sample> _samples = new();

    public void Add(long timestamp, long bytes)
    {
        _samples.Enqueue(new Sample(timestamp, bytes));

        // Keep one sample at or beyond the window's start as the baseline the rate is measured from.
        while (_samples.Count > 2 && time.GetElapsedTime(SecondOldest().Timestamp, timestamp) >= window)
            _samples.Dequeue();
    }

    /// <summary>Bytes per second between the oldest and newest sample; 0 until two samples are apart in time.</summary>
    public double BytesPerSecond
    {
        get
        {
            if (_samples.Count < 2)
                return 0;
            var first = _samples.Peek();
            var last = _samples.Last();
            var seconds = time.GetElapsedTime(first.Timestamp, last.Timestamp).TotalSeconds;
            return seconds > 0 ? Math.Max(0, last.Bytes - first.Bytes) / seconds : 0;
        }
    }

    /// <summary>Forgets the history, so a pause with nothing to download does not drag the next speed down.</summary>
    public void Reset() => _samples.Clear();

    private Sample SecondOldest() => _samples.ElementAt(1);

    private readonly record struct Sample(long Timestamp, long Bytes);
}
