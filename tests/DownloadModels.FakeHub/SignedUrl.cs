namespace DownloadModels.Tests.FakeHub;

/// <summary>A CDN URL the hub handed out, and how long and how often it stays good.</summary>
internal sealed class SignedUrl(string path, string expires, FakeContent content, string fileName, DateTimeOffset expiresAt, long uses)
{
    private long _usesLeft = uses;

    public string Path { get; } = path;

    /// <summary>The <c>Expires</c> query value as issued; a client must send the URL back verbatim.</summary>
    public string Expires { get; } = expires;

    public FakeContent Content { get; } = content;

    public string FileName { get; } = fileName;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>Counts one use; false once the URL has been used up.</summary>
    public bool TryUse() => Interlocked.Decrement(ref _usesLeft) >= 0;
}
