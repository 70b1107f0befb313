namespace DownloadModels.Tests.FakeHub.Xet;

/// <summary>
/// The fixtures of the Xet tests, made by the oracle from <see cref="XetInputs"/>: ids are the keys of
/// <see cref="XetFixtureSet.Files"/>. Uploads, in order (each later one dedups against the earlier ones):
/// <list type="bullet">
/// <item><c>small</c>: <see cref="SmallRandom"/>, <see cref="SmallText"/>, <see cref="SmallFloats"/> (192 KiB each, one
///   shared xorb, all three compression schemes) and <see cref="Empty"/>;</item>
/// <item><c>large</c>: <see cref="LargeRandom"/>, <see cref="LargeFloats"/>, <see cref="LargeText"/> (6 MiB each, ~100 chunks);</item>
/// <item><c>model-v1</c>: <see cref="ModelV1"/> (4 MiB of float32 weights + 64 KiB text header);</item>
/// <item><c>model-v2</c>: <see cref="ModelV2"/> (v1 with 3 spots changed and 320 KiB appended: its terms mix v1's
///   xorb and a new one);</item>
/// <item><c>sibling</c>: <see cref="Sibling"/> (another repo's file: v1 with 512 KiB replaced in the middle).</item>
/// </list>
/// </summary>
public static class XetStandardFixtures
{
    public const string SmallRandom = "small-random.bin";
    public const string SmallText = "small-text.txt";
    public const string SmallFloats = "small-floats.f32";
    public const string Empty = "empty.bin";
    public const string LargeRandom = "large-random.bin";
    public const string LargeFloats = "large-floats.f32";
    public const string LargeText = "large-text.txt";
    public const string ModelV1 = "model-v1.safetensors";
    public const string ModelV2 = "model-v2.safetensors";
    public const string Sibling = "sibling.safetensors";

    public static IReadOnlyList<XetUpload> Uploads()
    {
        var v1 = Model(4 << 20, seed: 40);
        return
        [
            new XetUpload("small", [
                new XetInput(SmallRandom, XetInputs.Random(192 * 1024, 11)),
                new XetInput(SmallText, XetInputs.Text(192 * 1024, 12)),
                new XetInput(SmallFloats, XetInputs.SmoothFloats(192 * 1024, 13)),
                new XetInput(Empty, [])]),
            new XetUpload("large", [
                new XetInput(LargeRandom, XetInputs.Random(6 << 20, 21)),
                new XetInput(LargeFloats, XetInputs.SmoothFloats(6 << 20, 22)),
                new XetInput(LargeText, XetInputs.Text(6 << 20, 23))]),
            new XetUpload("model-v1", [new XetInput(ModelV1, v1)]),
            new XetUpload("model-v2", [new XetInput(ModelV2, XetInputs.Revise(v1, edits: 3, appended: 320 * 1024, seed: 41))]),
            new XetUpload("sibling", [new XetInput(Sibling, XetInputs.Sibling(v1, seed: 42))]),
        ];
    }

    /// <summary>A model file: a 64 KiB text header (as safetensors' JSON header) and float32 weights.</summary>
    public static byte[] Model(int size, int seed)
    {
        var header = XetInputs.Text(64 * 1024, seed);
        var weights = XetInputs.SmoothFloats(size - header.Length, seed);
        return [.. header, .. weights];
    }
}
