using DownloadModels.Hub;

namespace DownloadModels.Tests.Hub;

public sealed class LinkHeaderTests
{
    private static readonly Uri Current = new("https://huggingface.co/api/models/org/name/tree/abc?recursive=true&expand=false");

    private static Uri? Next(params string[] linkValues)
    {
        using var response = new HttpResponseMessage();
        foreach (var value in linkValues)
            response.Headers.TryAddWithoutValidation("Link", value);
        return LinkHeader.Next(response, Current);
    }

    [Test]
    public async Task Next_AbsoluteNextLink_ReturnsItVerbatim() =>
        await Assert.That(Next("<https://h/x?cursor=a>; rel=\"next\"")?.AbsoluteUri).IsEqualTo("https://h/x?cursor=a");

    [Test]
    public async Task Next_HubStyleLink_KeepsOpaqueCursor()
    {
        const string url = "https://huggingface.co/api/models/org/name/tree/abc?recursive=true&expand=false&cursor=ZXlKbWFXeGxYMjVoYldVaU9pSXhJbjA9OjEwMDA%3D";

        await Assert.That(Next($"<{url}>; rel=\"next\"")?.AbsoluteUri).IsEqualTo(url);
    }

    [Test]
    public async Task Next_RelativeTarget_ResolvedAgainstCurrent() =>
        await Assert.That(Next("</api/models/org/name/tree/abc?cursor=b>; rel=\"next\"")?.AbsoluteUri)
            .IsEqualTo("https://huggingface.co/api/models/org/name/tree/abc?cursor=b");

    [Test]
    public async Task Next_UnquotedRel_Accepted() =>
        await Assert.That(Next("<https://h/x?cursor=c>; rel=next")?.AbsoluteUri).IsEqualTo("https://h/x?cursor=c");

    [Test]
    public async Task Next_SpacesAroundEquals_Accepted() =>
        await Assert.That(Next("<https://h/x?cursor=d> ; rel = \"next\"")?.AbsoluteUri).IsEqualTo("https://h/x?cursor=d");

    [Test]
    public async Task Next_SeveralLinksInOneValue_PicksNext() =>
        await Assert.That(Next("<https://h/first>; rel=\"first\", <https://h/next?cursor=e>; rel=\"next\", <https://h/last>; rel=\"last\"")?.AbsoluteUri)
            .IsEqualTo("https://h/next?cursor=e");

    [Test]
    public async Task Next_SeveralLinkHeaders_PicksNext() =>
        await Assert.That(Next("<https://h/prev>; rel=\"prev\"", "<https://h/next?cursor=f>; rel=\"next\"")?.AbsoluteUri)
            .IsEqualTo("https://h/next?cursor=f");

    [Test]
    public async Task Next_OtherParametersBeforeRel_PicksNext() =>
        await Assert.That(Next("<https://h/next?cursor=g>; title=\"page 2\"; rel=\"next\"")?.AbsoluteUri)
            .IsEqualTo("https://h/next?cursor=g");

    [Test]
    public async Task Next_OnlyOtherRels_ReturnsNull() =>
        await Assert.That(Next("<https://h/prev>; rel=\"prev\", <https://h/x>; rel=\"xet-auth\"")).IsNull();

    [Test]
    public async Task Next_NoLinkHeader_ReturnsNull() =>
        await Assert.That(Next()).IsNull();

    [Test]
    [Arguments("https://h/x; rel=\"next\"")]
    [Arguments("<https://h/x>")]
    [Arguments("garbage")]
    [Arguments("")]
    public async Task Next_MalformedLink_Ignored(string value) =>
        await Assert.That(Next(value)).IsNull();

    [Test]
    [Arguments("<ftp://h/x>; rel=\"next\"")]
    [Arguments("<file:///etc/passwd>; rel=\"next\"")]
    [Arguments("<javascript:alert(1)>; rel=\"next\"")]
    public async Task Next_NonHttpScheme_ThrowsProtocol(string value)
    {
        var e = await Assert.That(() => Next(value)).Throws<HubException>();

        await Assert.That(e!.Kind).IsEqualTo(HubErrorKind.Protocol);
    }

    [Test]
    public async Task Next_CommaInsideUrl_StillFound() =>
        await Assert.That(Next("<https://h/x?cursor=a,b>; rel=\"next\"")?.AbsoluteUri).IsEqualTo("https://h/x?cursor=a,b");

    [Test]
    public async Task Next_MalformedTarget_ThrowsProtocol() =>
        await Assert.That(() => Next("<http://[bad>; rel=\"next\"")).Throws<HubException>();
}
