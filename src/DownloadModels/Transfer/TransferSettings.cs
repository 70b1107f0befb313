using DownloadModels.Hub;

namespace DownloadModels.Transfer;

/// <summary>Knobs of the byte mover; the defaults are what the CLI uses.</summary>
internal sealed record TransferSettings(RetryPolicy Retry, int BufferSize = 256 * 1024)
{
    /// <summary>A mismatching hash discards the bytes and tries once more from zero, then fails the file.</summary>
    public const int VerificationAttempts = 2;

    /// <summary>How often to look again for a lock another process holds on a blob.</summary>
    public static readonly TimeSpan LockPollInterval = TimeSpan.FromMilliseconds(200);
}
