using DownloadModels.Engine;
using DownloadModels.Transfer;

namespace DownloadModels.Output;

/// <summary>
/// The bookkeeping shared by the reporters: which files are active since when, what the plans expect
/// to fetch, and what finished. Not thread-safe: each reporter calls it under its own lock.
/// </summary>
internal sealed class TransferTally(TimeProvider time, TimeSpan rateWindow)
{
    private readonly List<ActiveFile> _active = [];
    private readonly Dictionary<ModelRequest, long> _modelBytes = [];
    private readonly RateMeter _rate = new(time, rateWindow);
    private long _expected;
    private long _finishedDone;
    private long _finishedFetched;

    /// <summary>The files in flight, in the order they started.</summary>
    public IReadOnlyList<ActiveFile> Active => _active;

    public void Planned(ModelPlan plan)
    {
        _modelBytes[plan.Request] = plan.TotalBytes;
        _expected += plan.BytesToFetch;
    }

    public FileProgress Started(ModelPlan plan, PlannedFile file)
    {
        // A file the plan counted as cached whose blob vanished since is fetched after all.
        if (file.Cached)
            _expected += file.File.Size;

        // Restart the speed from here after an idle spell, with this instant as its baseline.
        if (_active.Count == 0)
        {
            _rate.Reset();
            _rate.Add(time.GetTimestamp(), _finishedFetched);
        }

        var progress = new FileProgress(plan.Request.Label, file.File.Path, file.File.Size);
        _active.Add(new ActiveFile(progress, time.GetTimestamp()));
        return progress;
    }

    /// <summary>Moves a finished file to the totals; returns how long it was active.</summary>
    public TimeSpan Finished(FileProgress file)
    {
        _finishedDone += file.Total;
        return Remove(file);
    }

    public void Failed(FileProgress file)
    {
        // Its bytes will not arrive: take them out of what is expected so the percentage stays honest.
        _expected -= file.Total;
        Remove(file);
    }

    /// <summary>The size of a planned model's files, or null when it failed before planning.</summary>
    public long? ModelBytes(ModelRequest request) =>
        _modelBytes.TryGetValue(request, out var bytes) ? bytes : null;

    /// <summary>Reads the counters, feeding the speed meter with this instant.</summary>
    public TallySnapshot Sample()
    {
        long done = _finishedDone, fetched = _finishedFetched;
        foreach (var file in _active)
        {
            done += file.Progress.Done;
            fetched += file.Progress.Fetched;
        }

        _rate.Add(time.GetTimestamp(), fetched);
        return new TallySnapshot(done, Math.Max(_expected, done), fetched, _rate.BytesPerSecond, _active.Count);
    }

    /// <summary>A file's average speed since it started.</summary>
    public double RateOf(ActiveFile file)
    {
        var seconds = time.GetElapsedTime(file.StartedAt).TotalSeconds;
        return seconds > 0 ? file.Progress.Fetched / seconds : 0;
    }

    private TimeSpan Remove(FileProgress file)
    {
        // Received bytes stay counted whatever the outcome, so the total fetched never steps back.
        _finishedFetched += file.Fetched;
        var index = _active.FindIndex(a => ReferenceEquals(a.Progress, file));
        if (index < 0)
            return TimeSpan.Zero;

        var started = _active[index].StartedAt;
        _active.RemoveAt(index);
        return time.GetElapsedTime(started);
    }
}
