using System.Text;
using System.Text.Json;
using DownloadModels.Cache;
using DownloadModels.Repos;

namespace DownloadModels.Tests.Cache;

public sealed class SavedTreeTests
{
    private const string Sha1 = "b45ef6fec89518d314f546fd6c3025367b721684";
    private const string PointerSha1 = "0123456789abcdef0123456789abcdef01234567";
    private const string Sha256 = "dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f";
    private const string XetHash = "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd";

    private static readonly RepoFile Regular = new("config.json", 13, Sha1, null);
    private static readonly RepoFile Lfs = new("sub/model.bin", 1234, PointerSha1, Sha256, XetHash);

    /// <summary>What huggingface_hub 1.29's write_tree_cache writes (json.dump(indent=1)) for the two files above.</summary>
    private const string WrittenByHuggingfaceHub = """
        {
         "format_version": 1,
         "files": {
          "config.json": {
           "size": 13,
           "blob_id": "b45ef6fec89518d314f546fd6c3025367b721684"
          },
          "sub/model.bin": {
           "size": 1234,
           "blob_id": "0123456789abcdef0123456789abcdef01234567",
           "lfs_sha256": "dffd6021bb2bd5b0af676290809ec3a53191dd81c7f70a4b28688a362182986f",
           "lfs_size": 1234,
           "xet_hash": "aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbccccccccccccccccdddddddddddddddd"
          }
         }
        }
        """;

    private static SavedTreeContent Parse(string json) => SavedTree.Parse(Encoding.UTF8.GetBytes(json));

    [Test]
    public async Task Serialize_TwoFiles_SameBytesAsHuggingfaceHubWrites()
    {
        var bytes = SavedTree.Serialize([Lfs, Regular]);

        await Assert.That(Encoding.UTF8.GetString(bytes)).IsEqualTo(WrittenByHuggingfaceHub.ReplaceLineEndings("\n"));
    }

    [Test]
    public async Task Serialize_Any_ObjectWithFormatVersionAndFilesMap()
    {
        using var document = JsonDocument.Parse(SavedTree.Serialize([Regular, Lfs]));
        var root = document.RootElement;

        await Assert.That(root.ValueKind).IsEqualTo(JsonValueKind.Object);
        await Assert.That(root.GetProperty("format_version").GetInt32()).IsEqualTo(1);
        var regular = root.GetProperty("files").GetProperty("config.json");
        await Assert.That(regular.TryGetProperty("lfs_sha256", out _)).IsFalse();
        await Assert.That(regular.TryGetProperty("xet_hash", out _)).IsFalse();
        await Assert.That(root.GetProperty("files").GetProperty("sub/model.bin").GetProperty("xet_hash").GetString()).IsEqualTo(XetHash);
    }

    [Test]
    public async Task Parse_WrittenByHuggingfaceHub_CurrentWithEveryField()
    {
        var saved = Parse(WrittenByHuggingfaceHub);

        await Assert.That(saved.Format).IsEqualTo(SavedTreeFormat.Current);
        await Assert.That(saved.Files!.ToArray()).IsEquivalentTo(new[] { Regular, Lfs });
        await Assert.That(saved.MayBeReplaced).IsFalse();
    }

    [Test]
    public async Task Parse_Serialized_RoundTrips()
    {
        var saved = SavedTree.Parse(SavedTree.Serialize([Regular, Lfs]));

        await Assert.That(saved.Files!.ToArray()).IsEquivalentTo(new[] { Regular, Lfs });
    }

    [Test]
    public async Task Parse_UnknownFormatVersion_NotReadAndNeverReplaced()
    {
        var saved = Parse("""{"format_version": 2, "files": {"x": {"whatever": true}}}""");

        await Assert.That(saved.Format).IsEqualTo(SavedTreeFormat.UnknownVersion);
        await Assert.That(saved.Files).IsNull();
        await Assert.That(saved.MayBeReplaced).IsFalse();
    }

    [Test]
    [Arguments("")]
    [Arguments("{\"format_version\": 1, \"files\": {\"a\": {\"size\": 1, \"blob_id\": \"b45ef6fe")]
    [Arguments("{\"format_version\": 1}")]
    [Arguments("{\"files\": {}}")]
    [Arguments("{\"format_version\": \"1\", \"files\": {}}")]
    [Arguments("{\"format_version\": 1, \"files\": []}")]
    [Arguments("{\"format_version\": 1, \"files\": {\"a\": {\"size\": 1}}}")]
    [Arguments("{\"format_version\": 1, \"files\": {\"a\": {\"size\": \"1\", \"blob_id\": \"b45ef6fec89518d314f546fd6c3025367b721684\"}}}")]
    [Arguments("{\"format_version\": 1, \"files\": {\"../escape\": {\"size\": 1, \"blob_id\": \"b45ef6fec89518d314f546fd6c3025367b721684\"}}}")]
    [Arguments("{\"format_version\": 1, \"files\": {\"a\": {\"size\": 1, \"blob_id\": \"not-hex\"}}}")]
    [Arguments("{\"format_version\": 1, \"files\": {\"a\": {\"size\": 1, \"blob_id\": \"b45ef6fec89518d314f546fd6c3025367b721684\", \"lfs_sha256\": \"short\"}}}")]
    [Arguments("42")]
    [Arguments("null")]
    public async Task Parse_BrokenOrUnsafe_UnreadableAndReplaceable(string json)
    {
        var saved = Parse(json);

        await Assert.That(saved.Format).IsEqualTo(SavedTreeFormat.Unreadable);
        await Assert.That(saved.MayBeReplaced).IsTrue();
    }

    [Test]
    public async Task Parse_InvalidXetHash_FileKeptWithoutIt()
    {
        var json = $$$$"""{"format_version": 1, "files": {"m": {"size": 3, "blob_id": "{{{{PointerSha1}}}}", "lfs_sha256": "{{{{Sha256}}}}", "lfs_size": 3, "xet_hash": "XYZ"}}}""";

        var saved = Parse(json);

        await Assert.That(saved.Files!.Single()).IsEqualTo(new RepoFile("m", 3, PointerSha1, Sha256));
    }

    [Test]
    public async Task Serialize_NonAsciiPath_RoundTripsAsUtf8()
    {
        var file = new RepoFile("vozes/pf_dóra+1.pt", 5, Sha1, null);

        var saved = SavedTree.Parse(SavedTree.Serialize([file]));

        await Assert.That(saved.Files!.Single()).IsEqualTo(file);
    }
}
