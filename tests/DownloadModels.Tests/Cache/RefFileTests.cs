using DownloadModels.Cache;

namespace DownloadModels.Tests.Cache;

public sealed class RefFileTests
{
    private const string Commit = "2439f60ef33a0d46d85da5001d52aeda5a0ce1e5";

    [Test]
    public async Task Read_ExactCommit_NoProblem()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Combine("main"), Commit);

        var reference = RefFile.Read(temp.Combine("main"), "main");

        await Assert.That(reference.Commit).IsEqualTo(Commit);
        await Assert.That(reference.Problem).IsNull();
    }

    [Test]
    [Arguments("\n")]
    [Arguments("\r\n")]
    [Arguments("  ")]
    public async Task Read_CommitWithWhitespace_CommitKnownButReported(string suffix)
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Combine("main"), Commit + suffix);

        var reference = RefFile.Read(temp.Combine("main"), "main");

        await Assert.That(reference.Commit).IsEqualTo(Commit);
        await Assert.That(reference.Problem).Contains("huggingface_hub does not strip");
    }

    [Test]
    [Arguments("garbage", "holds 'garbage', not a commit id")]
    [Arguments("", "is empty")]
    [Arguments("2439F60EF33A0D46D85DA5001D52AEDA5A0CE1E5", "not a commit id")]
    public async Task Read_NotACommit_ProblemAndNoCommit(string content, string expected)
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Combine("main"), content);

        var reference = RefFile.Read(temp.Combine("main"), "main");

        await Assert.That(reference.Commit).IsNull();
        await Assert.That(reference.Problem).Contains(expected);
    }

    [Test]
    public async Task Read_HugeFile_NotRead()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.Combine("main"), new byte[100_000]);

        var reference = RefFile.Read(temp.Combine("main"), "main");

        await Assert.That(reference.Problem).IsEqualTo("refs/main holds 100000 bytes, not a commit id");
    }

    [Test]
    public async Task Read_AbsentOrLink_AbsentIsNoProblemLinkIs()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.Combine("real"), Commit);
        File.CreateSymbolicLink(temp.Combine("linked"), temp.Combine("real"));

        var absent = RefFile.Read(temp.Combine("none"), "none");
        var linked = RefFile.Read(temp.Combine("linked"), "linked");

        await Assert.That(absent.Exists).IsFalse();
        await Assert.That(linked.Commit).IsNull();
        await Assert.That(linked.Problem).Contains("is a link");
    }
}
