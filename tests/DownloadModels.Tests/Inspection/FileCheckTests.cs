using DownloadModels.Cache;
using DownloadModels.Inspection;
using DownloadModels.Repos;

namespace DownloadModels.Tests.Inspection;

/// <summary>The one line per file: which word wins when several things are wrong, and what is not a problem.</summary>
public sealed class FileCheckTests
{
    private static readonly RepoFile File = new("sub/w.bin", 10, new string('0', 40), new string('a', 64));
    private static readonly string Target = $"../../../blobs/{new string('a', 64)}";
    private static readonly ContentCheck Ok = new(ContentState.Ok, "ok", 10);
    private static readonly ContentCheck Missing = new(ContentState.Missing, "missing", 0);
    private static readonly ContentCheck Corrupt = new(ContentState.WrongHash, "sha256 is x, expected y", 10);

    private static FileCheck Check(DiskEntry entry, ContentCheck blob, ContentCheck? copy = null) => new(File, entry, Target, blob, copy);

    private static DiskEntry Link(string target) => new(EntryKind.Link, target, 0, default);

    [Test]
    public async Task ToFinding_RightLinkGoodBlob_Null() =>
        await Assert.That(Check(Link(Target), Ok).ToFinding()).IsNull();

    [Test]
    public async Task ToFinding_RightLinkMissingBlob_Dangling() =>
        await Assert.That(Check(Link(Target), Missing).ToFinding()!.Kind).IsEqualTo(FindingKind.Dangling);

    [Test]
    public async Task ToFinding_WrongLinkAndCorruptBlob_CorruptWinsAndBothAreSaid()
    {
        var finding = Check(Link("/abs/blob"), Corrupt).ToFinding()!;

        await Assert.That(finding.Kind).IsEqualTo(FindingKind.Corrupt);
        await Assert.That(finding.Detail).IsEqualTo($"blob sha256 is x, expected y; links to /abs/blob, expected {Target}");
        await Assert.That(finding.Word).IsEqualTo("corrupt");
    }

    [Test]
    public async Task ToFinding_WrongLinkMissingBlob_WrongLinkSaysBlobMissing()
    {
        var finding = Check(Link("../blobs/x"), Missing).ToFinding()!;

        await Assert.That(finding.Word).IsEqualTo("wrong-link");
        await Assert.That(finding.Detail).EndsWith("; the blob is missing");
    }

    [Test]
    public async Task ToFinding_GoodCopyWithoutBlob_CopyIsNotAProblem()
    {
        var finding = Check(new DiskEntry(EntryKind.File, null, 10, default), Missing, Ok).ToFinding()!;

        await Assert.That(finding.Kind).IsEqualTo(FindingKind.Copy);
        await Assert.That(finding.IsProblem).IsFalse();
    }

    [Test]
    public async Task ToFinding_NoEntry_MissingSaysWhetherTheBlobIsThere()
    {
        var notDownloaded = Check(DiskEntry.Absent, Missing).ToFinding()!;
        var blobThere = Check(DiskEntry.Absent, Ok).ToFinding()!;

        await Assert.That(notDownloaded.Detail).IsEqualTo("not downloaded");
        await Assert.That(blobThere.Detail).IsEqualTo("no snapshot link (the blob is in the cache)");
        await Assert.That(blobThere.Kind).IsEqualTo(FindingKind.Missing);
    }
}
