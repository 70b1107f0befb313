using DownloadModels.Units;

namespace DownloadModels.Bundle;

/// <summary>
/// Bytes of blobs moved so far, and now and then one plain line about them (no ANSI, no carriage
/// returns: stdout may be the bundle itself, and stderr is often a pipe to a log or an ssh session).
/// </summary>
internal sealed class BundleProgress(TextWriter? output, string verb, long total, TimeProvider time, TimeSpan interval)
{
    private readonly long _started = time.GetTimestamp();
    private long _lastLine = time.GetTimestamp();

    public long Done { get; private set; }

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    public double BytesPerSecond => Done / Math.Max(Elapsed.TotalSeconds, 1e-3);

    public void Add(long bytes)
    {
        Done += bytes;
        if (output is null || time.GetElapsedTime(_lastLine) < interval)
            return;
        _lastLine = time.GetTimestamp();
        var percent = total > 0 ? $" ({Math.Min(100, Done * 100 / total)}%)" : "";
        output.WriteLine($"{verb} {ByteSize.Format(Done)} of {ByteSize.Format(total)}{percent}, {ByteSize.FormatRate(BytesPerSecond)}");
    }
}
