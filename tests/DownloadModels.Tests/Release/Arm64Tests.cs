using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Tests.Release;

/// <summary>
/// An end-to-end subset on linux-arm64: the cross-published binary under qemu-aarch64 against the fake hub
/// over HTTPS (the statically linked OpenSSL doing TLS and hashing on arm64), and its link requirements.
/// </summary>
[Category(TestCategory.Host)]
[Timeout(300_000)]
public sealed class Arm64Tests
{
    private static readonly HashSet<string> CLibrary = new(StringComparer.Ordinal) { "libc.so.6", "libm.so.6", "ld-linux-aarch64.so.1" };

    [Test]
    public async Task Version_SameAsTheX64Binary(CancellationToken ct)
    {
        using var home = new TempHome();
        var x64 = await home.Run().RunAsync("--version");

        var arm64 = await Arm64Binary.RunAsync(new Dictionary<string, string> { ["HOME"] = home.Path }, "--version");

        await Assert.That(arm64.ExitCode).IsEqualTo(0).Because(arm64.ToString());
        await Assert.That(arm64.StdOut).IsEqualTo(x64.StdOut);
    }

    [Test]
    public async Task Get_OverHttps_DownloadsVerifiesAndReusesTheCache(CancellationToken ct)
    {
        await using var hub = await TlsHub.StartAsync();
        using var home = new TempHome();
        var caFile = home.Sub("ca.pem");
        await File.WriteAllTextAsync(caFile, hub.Ca.RootPem, ct);
        var env = new Dictionary<string, string>
        {
            ["HF_HOME"] = home.Sub("hf"),
            ["HF_ENDPOINT"] = hub.Hub.ApiUrl,
            ["SSL_CERT_FILE"] = caFile,
        };

        var get = await Arm64Binary.RunAsync(env, "get", TlsHub.RepoId);
        var verify = await Arm64Binary.RunAsync(env, "verify", TlsHub.RepoId);
        var before = hub.Hub.RequestsTo(FakeHost.Cdn).Count;
        var again = await Arm64Binary.RunAsync(env, "get", TlsHub.RepoId);

        await Assert.That(get.ExitCode).IsEqualTo(0).Because(get.ToString());
        await Assert.That(TlsHub.SizeOf(hub.ModelFile(home.Sub("hf/hub")))).IsEqualTo(TlsHub.LfsSize);
        await Assert.That(verify.ExitCode).IsEqualTo(0).Because(verify.ToString());
        await Assert.That(again.ExitCode).IsEqualTo(0).Because(again.ToString());
        await Assert.That(hub.Hub.RequestsTo(FakeHost.Cdn).Count).IsEqualTo(before);
    }

    [Test]
    public async Task NoHome_NoCache_OneLineSaysWhatToSet(CancellationToken ct)
    {
        var result = await Arm64Binary.RunAsync(new Dictionary<string, string> { ["HOME"] = "/nonexistent" }, "get", TlsHub.RepoId);

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr.Trim().Split('\n').Length).IsEqualTo(1);
        await Assert.That(result.StdErr).Contains("--cache-dir");
    }

    [Test]
    public async Task Links_OnlyTheCLibrary_NoNewerThanTheDocumentedFloor(CancellationToken ct)
    {
        var headers = await Command.RunAsync("aarch64-linux-gnu-objdump", ["-p", Arm64Binary.Path()]);
        var needed = headers.StdOut.Split('\n').Where(l => l.TrimStart().StartsWith("NEEDED", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]).ToArray();

        await Assert.That(headers.ExitCode).IsEqualTo(0).Because(headers.ToString());
        await Assert.That(needed).IsNotEmpty();
        foreach (var library in needed)
            await Assert.That(CLibrary).Contains(library);
        await Assert.That(await GlibcFloor.RequiredByAsync("aarch64-linux-gnu-objdump", Arm64Binary.Path())).IsLessThanOrEqualTo(GlibcFloor.Documented());
    }
}
