using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Release;

/// <summary>OpenSSL is linked in: the binary needs the C library only, no newer than the README says.</summary>
[Category(TestCategory.Host)]
public sealed class NativeBinaryLinkTests
{
    /// <summary>glibc's own files: what every glibc system (and a distroless base) has.</summary>
    private static readonly HashSet<string> CLibrary = new(StringComparer.Ordinal)
    {
        "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1",
    };

    [Test]
    public async Task Ldd_ListsOnlyTheCLibrary()
    {
        var libraries = await RootFileSystem.LibrariesOfAsync(await NativeBinary.GetAsync());

        await Assert.That(libraries).IsNotEmpty();
        foreach (var library in libraries)
            await Assert.That(CLibrary).Contains(System.IO.Path.GetFileName(library)).Because($"ldd lists {library}");
    }

    [Test]
    public async Task GlibcSymbols_NoNewerThanTheDocumentedFloor()
    {
        var required = await GlibcFloor.RequiredByAsync("objdump", await NativeBinary.GetAsync());

        await Assert.That(required).IsLessThanOrEqualTo(GlibcFloor.Documented());
    }
}
