using DownloadModels.Oci;

namespace DownloadModels.Tests.Oci;

public sealed class OciReferenceTests
{
    [Test]
    [Arguments("oci://localhost:5000/models/set", "localhost:5000", "models/set", null, null)]
    [Arguments("oci://registry.example.com/a/b/c:v1.2", "registry.example.com", "a/b/c", "v1.2", null)]
    [Arguments("oci://ghcr.io/org/kit@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "ghcr.io", "org/kit", null,
        "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task Parse_ValidReference_Parts(string text, string registry, string name, string? tag, string? digest)
    {
        var (reference, error) = OciReference.Parse(text);

        await Assert.That(error).IsNull();
        await Assert.That(reference).IsEqualTo(new OciReference(registry, name, tag, digest));
    }

    [Test]
    [Arguments("docker://localhost/x", "not a registry reference")]
    [Arguments("oci://localhost:5000", "names no repository")]
    [Arguments("oci://localhost:5000/Models/Set", "not a valid repository name")]
    [Arguments("oci://localhost:5000/m:-bad", "not a valid tag")]
    [Arguments("oci://localhost:5000/m@sha256:abc", "is not a digest")]
    [Arguments("oci://bad host/m", "not a registry host")]
    public async Task Parse_Invalid_OneLineSaysWhy(string text, string why)
    {
        var (reference, error) = OciReference.Parse(text);

        await Assert.That(reference).IsNull();
        await Assert.That(error).Contains(why);
    }

    [Test]
    public async Task ChallengeFields_BearerWithCommaInQuotedScope_AllFields()
    {
        var fields = RegistryClient.ChallengeFields("realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:a/b:pull,push\"");

        await Assert.That(fields["realm"]).IsEqualTo("https://auth.example.com/token");
        await Assert.That(fields["service"]).IsEqualTo("registry.example.com");
        await Assert.That(fields["scope"]).IsEqualTo("repository:a/b:pull,push");
    }
}
