namespace DownloadModels.Tests;

/// <summary>
/// The TUnit categories of this suite. A test class that needs more of the machine than the .NET SDK carries
/// <c>[Category(TestCategory.Host)]</c>: the published native binary, root or user namespaces, python with
/// huggingface_hub (the oracle), Node.js (the Xet oracle, the SBOM and JSON Schema validators), nginx, tmux, groff, qemu,
/// docker-registry or skopeo. <c>dotnet cake --target=TestLocal</c> runs every test without it (any laptop);
/// <c>--target=Test</c> (CI) runs everything. Architecture/TestCategoryTests fails on a class that uses one of those
/// things unmarked, so the split maintains itself.
/// </summary>
public static class TestCategory
{
    public const string Host = "host";
}
