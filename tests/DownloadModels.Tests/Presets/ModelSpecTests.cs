using DownloadModels.Presets;

namespace DownloadModels.Tests.Presets;

public class ModelSpecTests
{
    private static ModelSpec Spec(string[] include, FileFallback[] fallbacks, string[] optional) =>
        new("x", "o/r", "main", include, [], fallbacks, optional);

    [Test]
    public async Task Select_FallbackPreferredPresent_FallbackNotSelected()
    {
        var spec = Spec(["a.safetensors"], [new("a.safetensors", "a.bin")], []);
        await Assert.That(spec.Select(["a.safetensors", "a.bin"])).IsEquivalentTo(["a.safetensors"]);
    }

    [Test]
    public async Task Select_FallbackAlsoAbsent_NothingAdded()
    {
        var spec = Spec(["a.safetensors"], [new("a.safetensors", "a.bin")], []);
        await Assert.That(spec.Select(["other"])).IsEmpty();
    }

    [Test]
    public async Task Select_DuplicateTreeEntries_ReturnedOnceInOrdinalOrder()
    {
        var spec = Spec(["*"], [], []);
        await Assert.That(spec.Select(["b", "a", "B", "a"]))
            .IsEquivalentTo(["B", "a", "b"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task Select_ExcludePattern_Respected()
    {
        var spec = new ModelSpec("x", "o/r", "main", ["*"], ["onnx/"], [], []);
        await Assert.That(spec.Select(["a", "onnx/m.onnx"])).IsEquivalentTo(["a"]);
    }

    [Test]
    public async Task MissingOptional_SomePresent_ReturnsAbsentInDeclarationOrder()
    {
        var spec = Spec([], [], ["z.json", "a.json", "present.json"]);
        await Assert.That(spec.MissingOptional(["present.json"]))
            .IsEquivalentTo(["z.json", "a.json"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task ForRepo_AdHocRequest_LabelIsRepoId()
    {
        var spec = ModelSpec.ForRepo("org/model", ["*.json"], []);
        await Assert.That(spec.Label).IsEqualTo("org/model");
        await Assert.That(spec.Revision).IsEqualTo("main");
        await Assert.That(spec.Fallbacks).IsEmpty();
        await Assert.That(spec.OptionalFiles).IsEmpty();
    }
}
