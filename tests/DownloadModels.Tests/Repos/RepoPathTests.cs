using DownloadModels.Repos;

namespace DownloadModels.Tests.Repos;

public sealed class RepoPathTests
{
    [Test]
    [Arguments("config.json")]
    [Arguments("1_Pooling/config.json")]
    [Arguments("onnx/model.onnx")]
    [Arguments(".gitattributes")]
    [Arguments("a..b/c")]
    [Arguments("..a")]
    [Arguments("voices/af heart.pt")]
    [Arguments("ünïcode/файл.bin")]
    public async Task Validate_SafePath_ReturnsNull(string path) =>
        await Assert.That(RepoPath.Validate(path)).IsNull();

    [Test]
    [Arguments("../x", "segment")]
    [Arguments("a/../../x", "segment")]
    [Arguments("..", "segment")]
    [Arguments(".", "segment")]
    [Arguments("a//b", "segment")]
    [Arguments("a/./b", "segment")]
    [Arguments("a/", "segment")]
    [Arguments("/abs", "absolute")]
    [Arguments("/etc/passwd", "absolute")]
    [Arguments("a\\b", "backslash")]
    [Arguments("..\\..\\x", "backslash")]
    [Arguments("a\0b", "control character")]
    [Arguments("a\nb", "control character")]
    [Arguments("", "empty")]
    public async Task Validate_UnsafePath_NamesTheReason(string path, string reason) =>
        await Assert.That(RepoPath.Validate(path)).Contains(reason);

    [Test]
    public async Task Validate_ControlChar_MaskedInMessage()
    {
        var error = RepoPath.Validate("a\0b");

        await Assert.That(error).Contains("'a?b'");
        await Assert.That(error).DoesNotContain("\0");
    }

    [Test]
    public async Task Validate_SegmentOf255Bytes_ReturnsNull() =>
        await Assert.That(RepoPath.Validate("dir/" + new string('a', RepoPath.MaxSegmentBytes))).IsNull();

    [Test]
    public async Task Validate_OverlongSegment_ReturnsError() =>
        await Assert.That(RepoPath.Validate("dir/" + new string('a', RepoPath.MaxSegmentBytes + 1))).Contains("longer than 255 bytes");

    [Test]
    public async Task Validate_SegmentOverlongInUtf8Bytes_ReturnsError() =>
        await Assert.That(RepoPath.Validate(new string('é', 128))).Contains("longer than 255 bytes");

    [Test]
    public async Task Validate_PathOverMaxBytes_ReturnsError()
    {
        var path = string.Join('/', Enumerable.Repeat(new string('a', 200), 21));

        await Assert.That(RepoPath.Validate(path)).Contains("longer than 4096 bytes");
    }
}
