namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// What the fake saw of one request and what it answered. <see cref="PathAndQuery"/> is the raw, undecoded
/// request target; <see cref="Status"/> is 0 while no answer has started; <see cref="BodyBytesSent"/> counts
/// body bytes handed to the connection; <see cref="Aborted"/> marks answers cut short by a fault or the client.
/// </summary>
public sealed record FakeRequest(
    string Method,
    FakeHost Host,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    string? Range,
    int Status,
    long BodyBytesSent,
    bool Aborted)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);

    /// <summary>When the request arrived, as a timestamp of the hub's <see cref="TimeProvider"/> (the bench's timelines).</summary>
    public long StartedAt { get; init; }

    /// <summary>When the last body bytes were handed to the connection (0: none), on the same clock as <see cref="StartedAt"/>.</summary>
    public long LastByteAt { get; init; }
}
