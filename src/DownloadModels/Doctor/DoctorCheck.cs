namespace DownloadModels.Doctor;

/// <summary>
/// One line of `doctor`: which check (<paramref name="Name"/>, a fixed word such as <c>endpoint</c> or <c>token</c>),
/// what it looked at (<paramref name="Target"/>: a URL, a host, a folder), how it ended, what it found, and — when it
/// failed — what to do (<paramref name="Fix"/>).
/// </summary>
internal sealed record DoctorCheck(string Name, string Target, CheckStatus Status, string Detail, string? Fix = null)
{
    /// <summary>The proxy a network check went through (from HTTPS_PROXY/HTTP_PROXY/NO_PROXY), null when direct or local.</summary>
    public string? Proxy { get; init; }

    /// <summary>How long a network check waited for its answer; null for local checks and checks not run.</summary>
    public TimeSpan? Elapsed { get; init; }

    public static DoctorCheck Ok(string name, string target, string detail) => new(name, target, CheckStatus.Ok, detail);

    public static DoctorCheck Fail(string name, string target, string detail, string fix) => new(name, target, CheckStatus.Fail, detail, fix);

    public static DoctorCheck Skip(string name, string target, string detail) => new(name, target, CheckStatus.Skip, detail);
}
