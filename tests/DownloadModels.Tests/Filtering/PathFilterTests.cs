using DownloadModels.Filtering;

namespace DownloadModels.Tests.Filtering;

public class PathFilterTests
{
    private static readonly string[] E5Tree =
    [
        "config.json", "model.safetensors", "pytorch_model.bin", "onnx/model.onnx",
        "onnx/tokenizer.json", "onnx/sub/deep.bin", "openvino/openvino_model.xml", "onnxruntime.txt",
    ];

    private static string[] Kept(PathFilter filter, IEnumerable<string> paths) => paths.Where(filter.IsMatch).ToArray();

    [Test]
    public async Task All_AnyPath_Matches()
    {
        await Assert.That(PathFilter.All.IsMatch("a/b/c.bin")).IsTrue();
        await Assert.That(PathFilter.All.IsMatch(".gitattributes")).IsTrue();
    }

    [Test]
    public async Task IsMatch_EmptyIncludeAndExclude_KeepsEverything()
    {
        var filter = new PathFilter([], []);
        await Assert.That(Kept(filter, E5Tree)).IsEquivalentTo(E5Tree);
    }

    [Test]
    public async Task IsMatch_DirectoryExclude_DropsEverythingBelowIt()
    {
        var filter = new PathFilter([], ["onnx/", "openvino/"]);
        await Assert.That(Kept(filter, E5Tree))
            .IsEquivalentTo(["config.json", "model.safetensors", "pytorch_model.bin", "onnxruntime.txt"]);
    }

    [Test]
    public async Task IsMatch_DirectoryInclude_KeepsOnlyThatDirectory()
    {
        var filter = new PathFilter(["onnx/"], []);
        await Assert.That(Kept(filter, E5Tree))
            .IsEquivalentTo(["onnx/model.onnx", "onnx/tokenizer.json", "onnx/sub/deep.bin"]);
    }

    [Test]
    public async Task IsMatch_GlobInclude_MatchesInSubdirectoriesToo()
    {
        var filter = new PathFilter(["*.json"], []);
        await Assert.That(Kept(filter, E5Tree)).IsEquivalentTo(["config.json", "onnx/tokenizer.json"]);
    }

    [Test]
    public async Task IsMatch_ExcludeBeatsInclude_PathDropped()
    {
        var filter = new PathFilter(["*.json"], ["onnx/*"]);
        await Assert.That(Kept(filter, E5Tree)).IsEquivalentTo(["config.json"]);
    }

    [Test]
    public async Task IsMatch_AnyOfSeveralIncludes_PathKept()
    {
        var filter = new PathFilter(["*.safetensors", "config.json"], []);
        await Assert.That(Kept(filter, E5Tree)).IsEquivalentTo(["config.json", "model.safetensors"]);
    }

    [Test]
    public async Task IsMatch_ExactNameInclude_DoesNotMatchSameNameInSubdirectory()
    {
        var filter = new PathFilter(["config.json"], []);
        await Assert.That(filter.IsMatch("config.json")).IsTrue();
        await Assert.That(filter.IsMatch("1_Pooling/config.json")).IsFalse();
    }

    [Test]
    public async Task Include_PatternEndingInSlash_GetsStarAppended()
    {
        var filter = new PathFilter(["onnx/", "a*"], ["b/"]);
        await Assert.That(filter.Include).IsEquivalentTo(["onnx/*", "a*"]);
        await Assert.That(filter.Exclude).IsEquivalentTo(["b/*"]);
    }

    [Test]
    public async Task Constructor_CallerMutatesListAfterwards_FilterUnchanged()
    {
        var include = new List<string> { "*.json" };
        var filter = new PathFilter(include, []);
        include.Add("*.bin");
        await Assert.That(filter.IsMatch("model.bin")).IsFalse();
    }
}
