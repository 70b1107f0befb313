namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// The live record of one request. It is added before the request is handled and its counters are bumped
/// before bytes are written, so a test that has just read an answer always finds it complete.
/// </summary>
internal sealed class RequestLog(string method, FakeHost host, string pathAndQuery, string decodedTarget, IReadOnlyDictionary<string, string> headers, TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private long _lastByte;
    private long _bytes;
    private int _status;
    private int _aborted;

    public string DecodedTarget { get; } = decodedTarget;

    public FakeHost Host { get; } = host;

    public void SetStatus(int status) => Volatile.Write(ref _status, status);

    public void AddBytes(long count)
    {
        Interlocked.Add(ref _bytes, count);
        Volatile.Write(ref _lastByte, time.GetTimestamp());
    }

    public void MarkAborted() => Volatile.Write(ref _aborted, 1);

    public FakeRequest ToRecord() => new(
        method,
        Host,
        pathAndQuery,
        headers,
        headers.GetValueOrDefault("Range"),
        Volatile.Read(ref _status),
        Interlocked.Read(ref _bytes),
        Volatile.Read(ref _aborted) == 1)
    {
        StartedAt = _started,
        LastByteAt = Volatile.Read(ref _lastByte),
    };
}
