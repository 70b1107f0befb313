using DownloadModels.Engine;
using DownloadModels.Transfer;

namespace DownloadModels.Output;

/// <summary>
/// The bookkeeping shared by the reporters: the models in progress, which files are active since when,
/// what the plans expect to fetch, and what finished. Not thread-safe: each reporter calls it under its own lock.
/// </summary>
internal sealed class TransferTally(TimeProvider time, TimeSpan rateWindow)
{
    private readonly List<ActiveFile> _active = [];
    private readonly List<ModelTally> _models = [];
    private readonly RateMeter _rate = new(time, rateWindow);
    private long _expected;
    private long _finishedDone;
    private long _finishedFetched;
    private long _finishedReused;

    /// <summary>The files in flight, in the order they started.</summary>
    public IReadOnlyList<ActiveFile> Active => _active;

    /// <summary>The models planned and not finished, in the order they were planned.</summary>
    public IReadOnlyList<ModelTally> Models => _models;

    public TimeProvider Time => time;

    public void Planned(ModelPlan plan)
    {
        _models.Add(new ModelTally(plan, time.GetTimestamp()));
        _expected += plan.BytesToFetch;
    }

    public FileProgress Started(ModelPlan plan, PlannedFile file)
    {
        var model = _models.FirstOrDefault(m => ReferenceEquals(m.Plan, plan)) ?? new ModelTally(plan, time.GetTimestamp());

        // A file the plan counted as cached whose blob vanished since is fetched after all.
        if (file.Cached)
        {
            _expected += file.File.Size;
            model.NotCachedAfterAll(file.File.Size);
        }

        // Restart the speed from here after an idle spell, with this instant as its baseline.
        if (_active.Count == 0)
        {
            _rate.Reset();
            _rate.Add(time.GetTimestamp(), _finishedFetched);
        }

        var progress = new FileProgress(plan.Request.Label, file.File.Path, file.File.Size);
        _active.Add(new ActiveFile(progress, model, time.GetTimestamp()));
        return progress;
    }

    /// <summary>Moves a finished file to the totals (with the bytes its result says were reused); returns how long it was active.</summary>
    public TimeSpan Finished(FileProgress file, long reused = 0)
    {
        _finishedDone += file.Total;
        _finishedReused += reused;
        if (Find(file) is { } active)
            active.Model.FileDone(file.Total);
        return Remove(file);
    }

    /// <summary>A file that failed or was stopped: its bytes will not arrive.</summary>
    public void Failed(FileProgress file)
    {
        // Taken out of what is expected so the percentage stays honest.
        _expected -= file.Total;
        Remove(file);
    }

    /// <summary>Takes a finished model out of the view.</summary>
    public void ModelFinished(ModelRequest request) => _models.RemoveAll(m => m.Request == request);

    /// <summary>Reads the counters, feeding the speed meter with this instant.</summary>
    public TallySnapshot Sample()
    {
        long done = _finishedDone, fetched = _finishedFetched, reused = _finishedReused;
        foreach (var file in _active)
        {
            done += file.Progress.Done;
            fetched += file.Progress.Fetched;
            reused += file.Progress.Reused;
        }

        _rate.Add(time.GetTimestamp(), fetched);
        return new TallySnapshot(done, Math.Max(_expected, done), fetched, _rate.BytesPerSecond, _active.Count, TailSeconds()) { Reused = reused };
    }

    /// <summary>
    /// The longest time an active single-stream file still needs at its own speed (0 while none has a quarter second
    /// of history). On a CDN that paces each connection, a file below <see cref="TransferSettings.MinRangedFileSize"/>
    /// is one connection from start to end: however fast the others go, the run cannot end before it, and the
    /// aggregate speed, swollen by a burst of small files, would promise an end that cannot come. A larger file is
    /// split over more connections as it goes (its own speed now or on average says little about its end): the
    /// aggregate speed covers it.
    /// </summary>
    private double TailSeconds()
    {
        var tail = 0.0;
        foreach (var file in _active)
        {
            if (file.Progress.Total >= TransferSettings.MinRangedFileSize || time.GetElapsedTime(file.StartedAt) < TimeSpan.FromMilliseconds(250))
                continue;
            var rate = RateOf(file);
            if (rate > 0)
                tail = Math.Max(tail, (file.Progress.Total - file.Progress.Done) / rate);
        }

        return tail;
    }

    /// <summary>A model's bytes in place: its finished and cached files, plus what its active files hold so far.</summary>
    public long DoneOf(ModelTally model) =>
        model.BytesDone + _active.Where(a => a.Model == model).Sum(a => a.Progress.Done);

    /// <summary>A model's speed: the sum of its active files' speeds.</summary>
    public double RateOf(ModelTally model) => _active.Where(a => a.Model == model).Sum(RateOf);

    /// <summary>A file's average speed since it started.</summary>
    public double RateOf(ActiveFile file)
    {
        var seconds = time.GetElapsedTime(file.StartedAt).TotalSeconds;
        return seconds > 0 ? file.Progress.Fetched / seconds : 0;
    }

    private ActiveFile? Find(FileProgress file) => _active.FirstOrDefault(a => ReferenceEquals(a.Progress, file));

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
