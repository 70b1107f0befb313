using DownloadModels.Mirror;
using DownloadModels.Repos;

namespace DownloadModels.Tests.Mirror;

public sealed class NginxConfigTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    [Test]
    public async Task Quote_QuotesAndBackslashes_Escaped()
    {
        await Assert.That(NginxConfig.Quote("a\"b\\c d")).IsEqualTo("\"a\\\"b\\\\c d\"");
    }

    [Test]
    public async Task HubHeaders_Revision_CommitRegexEscapedAndEtagPerFile()
    {
        var files = new[]
        {
            new MirrorTreeEntryDto("file", new string('9', 40), 2, "a.json", null),
            new MirrorTreeEntryDto("file", new string('c', 40), 9, "w.bin", new MirrorLfsDto(new string('a', 64), 9, 126)),
        };

        var text = NginxConfig.HubHeaders([new MirroredRevision(new RepoId(RepoType.Model, "org/m.v2"), "v1.0", Commit, files)]);

        await Assert.That(text).Contains($"\"~^/org/m\\\\.v2/resolve/v1\\\\.0/\" {Commit};");
        await Assert.That(text).Contains($"\"~^/org/m\\\\.v2/resolve/{Commit}/\" {Commit};");
        await Assert.That(text).Contains($"\"/org/m.v2/resolve/v1.0/w.bin\" \"\\\"{new string('a', 64)}\\\"\";");
        await Assert.That(text).Contains($"\"/org/m.v2/resolve/{Commit}/a.json\" \"\\\"{new string('9', 40)}\\\"\";");
    }

    [Test]
    public async Task HubHeaders_Nothing_ValidEmptyMaps()
    {
        var text = NginxConfig.HubHeaders([]);

        await Assert.That(text).Contains("map $uri $hub_repo_commit {\n    default \"\";\n}");
        await Assert.That(text).Contains("map $uri $hub_linked_etag {\n    default \"\";\n}");
    }
}
