namespace DownloadModels.Tests.FakeHub;

public enum FaultKind
{
    CutBody,
    Status,
    Stall,
    FlipByte,
    IgnoreRange,
    WrongLength,
    ExpireSignedUrl,
    LimitSignedUrlUses,
    Throttle,
    RedirectLoop,
    Answer,
    ExpireXorbUrl,
    ExpireXetToken,
    CorruptXorbChunk,
}
