using DownloadModels.Repos;

namespace DownloadModels.Tests.Repos;

public sealed class RevisionNameTests
{
    [Test]
    [Arguments("main")]
    [Arguments("v1.0")]
    [Arguments("refs/pr/1")]
    [Arguments("release/2024-01")]
    [Arguments("a..b")]
    [Arguments("2439f60ef33a0d46d85da5001d52aeda5a0ce1e5")]
    public async Task Validate_SafeRevision_ReturnsNull(string revision) =>
        await Assert.That(RevisionName.Validate(revision)).IsNull();

    [Test]
    public async Task Validate_MaxLength_ReturnsNull() =>
        await Assert.That(RevisionName.Validate(new string('a', RevisionName.MaxLength))).IsNull();

    [Test]
    public async Task Validate_LongerThanMax_ReturnsError() =>
        await Assert.That(RevisionName.Validate(new string('a', RevisionName.MaxLength + 1))).Contains("longer");

    [Test]
    public async Task Validate_Empty_ReturnsError() =>
        await Assert.That(RevisionName.Validate("")).Contains("empty");

    [Test]
    [Arguments("..")]
    [Arguments(".")]
    [Arguments("../x")]
    [Arguments("../../etc/passwd")]
    [Arguments("refs/../../x")]
    [Arguments("refs/./x")]
    [Arguments("/main")]
    [Arguments("main/")]
    [Arguments("refs//pr")]
    [Arguments("/")]
    public async Task Validate_BadSegment_ReturnsError(string revision) =>
        await Assert.That(RevisionName.Validate(revision)).Contains("segment");

    [Test]
    [Arguments("a\\b")]
    [Arguments("..\\x")]
    [Arguments("ma\nin")]
    [Arguments("main\n")]
    [Arguments("ma\0in")]
    [Arguments("ma\u007fin")]
    public async Task Validate_BackslashOrControlChar_ReturnsError(string revision) =>
        await Assert.That(RevisionName.Validate(revision)).Contains("control character or a backslash");

    [Test]
    public async Task Validate_ControlChar_MaskedInMessage()
    {
        var error = RevisionName.Validate("ma\u001bin");

        await Assert.That(error).Contains("'ma?in'");
        await Assert.That(error).DoesNotContain("\u001b");
    }

    [Test]
    [Arguments("2439f60ef33a0d46d85da5001d52aeda5a0ce1e5", true)]
    [Arguments("0000000000000000000000000000000000000000", true)]
    [Arguments("2439F60EF33A0D46D85DA5001D52AEDA5A0CE1E5", false)]
    [Arguments("2439f60ef33a0d46d85da5001d52aeda5a0ce1e", false)]
    [Arguments("2439f60ef33a0d46d85da5001d52aeda5a0ce1e5a", false)]
    [Arguments("g439f60ef33a0d46d85da5001d52aeda5a0ce1e5", false)]
    [Arguments("main", false)]
    [Arguments("", false)]
    public async Task IsCommitHash_Text_TrueOnlyFor40LowercaseHex(string revision, bool expected) =>
        await Assert.That(RevisionName.IsCommitHash(revision)).IsEqualTo(expected);
}
