using DownloadModels.Tests.EndToEnd;
using DownloadModels.Tests.Mirror;

namespace DownloadModels.Tests.Release;

/// <summary>
/// install.sh as `curl … | sh` runs it: piped into dash (POSIX sh, as Debian's /bin/sh), downloading from a
/// local HTTP server that serves a release folder. A good archive installs where it should; a tampered one
/// is refused and nothing is installed.
/// </summary>
[Category(TestCategory.Host)]
[Timeout(120_000)]
public sealed class InstallScriptTests
{
    private static string Script => File.ReadAllText(System.IO.Path.Combine(RepoRoot.Path, "install.sh"));

    [Test]
    public async Task Syntax_PosixShell_Parses(CancellationToken ct)
    {
        var result = await Command.RunAsync("dash", ["-n", System.IO.Path.Combine(RepoRoot.Path, "install.sh")]);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
    }

    [Test]
    public async Task GoodRelease_InstallDirGiven_InstallsAWorkingBinary(CancellationToken ct)
    {
        using var release = await ReleaseFolder.CreateAsync();
        await using var server = await StaticFileServer.StartAsync(release.Path);
        using var home = new TempHome();
        var dir = home.Sub("bin");

        var result = await RunAsync(server.Url, ("DOWNLOAD_MODELS_INSTALL_DIR", dir), ("HOME", home.Path));
        var version = await Command.RunAsync(System.IO.Path.Combine(dir, "download-models"), ["--version"]);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdErr).Contains($"installed {dir}/download-models");
        await Assert.That(ReleaseFolder.Sha256(System.IO.Path.Combine(dir, "download-models"))).IsEqualTo(ReleaseFolder.Sha256(await NativeBinary.GetAsync()));
        await Assert.That(version.StdOut).StartsWith("download-models " + ReleaseFolder.Version + " (");
        await Assert.That(server.Requests.Select(r => r.PathAndQuery).ToArray()).IsEquivalentTo(["/SHA256SUMS", $"/{release.ArchiveName}"]);
        await Assert.That(Directory.GetFileSystemEntries(dir).Length).IsEqualTo(1);
    }

    [Test]
    public async Task TamperedArchive_Refused_NothingInstalled(CancellationToken ct)
    {
        using var release = await ReleaseFolder.CreateAsync();
        var bytes = await File.ReadAllBytesAsync(release.Archive);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(release.Archive, bytes);
        await using var server = await StaticFileServer.StartAsync(release.Path);
        using var home = new TempHome();
        var dir = home.Sub("bin");

        var result = await RunAsync(server.Url, ("DOWNLOAD_MODELS_INSTALL_DIR", dir), ("HOME", home.Path));

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("checksum mismatch");
        await Assert.That(result.StdErr).Contains("nothing was installed");
        await Assert.That(Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any()).IsFalse();
    }

    [Test]
    public async Task NoBuildForThisPlatform_SaysSo_NothingInstalled(CancellationToken ct)
    {
        using var release = await ReleaseFolder.CreateAsync();
        File.WriteAllText(System.IO.Path.Combine(release.Path, "SHA256SUMS"), $"{new string('1', 64)}  download-models-0.1.0-osx-arm64.tar.gz\n");
        await using var server = await StaticFileServer.StartAsync(release.Path);
        using var home = new TempHome();

        var result = await RunAsync(server.Url, ("DOWNLOAD_MODELS_INSTALL_DIR", home.Sub("bin")), ("HOME", home.Path));

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("no build for linux-x64");
        await Assert.That(Directory.Exists(home.Sub("bin"))).IsFalse();
    }

    [Test]
    public async Task AsRoot_NoInstallDir_UsesUsrLocalBin(CancellationToken ct)
    {
        // /usr/local/bin of this machine is left alone: a private mount namespace puts a temp folder over it.
        Command.RequireRoot();
        using var release = await ReleaseFolder.CreateAsync();
        await using var server = await StaticFileServer.StartAsync(release.Path);
        using var home = new TempHome();
        var scratch = Directory.CreateDirectory(home.Sub("usr-local-bin")).FullName;
        var scriptFile = home.Sub("install.sh");
        await File.WriteAllTextAsync(scriptFile, Script);

        var result = await Command.RunAsync("unshare", ["--mount", "--propagation", "private", "dash", "-c",
            $"mount --bind '{scratch}' /usr/local/bin && dash -s < '{scriptFile}'"], Environment(server.Url, ("HOME", home.Path)));

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("installed /usr/local/bin/download-models");
        await Assert.That(File.Exists(System.IO.Path.Combine(scratch, "download-models"))).IsTrue();
    }

    [Test]
    public async Task AsUser_NoInstallDir_UsesHomeLocalBin(CancellationToken ct)
    {
        Command.RequireRoot();
        using var release = await ReleaseFolder.CreateAsync();
        await using var server = await StaticFileServer.StartAsync(release.Path);
        using var home = new TempHome();
        var userHome = Directory.CreateDirectory(home.Sub("user")).FullName;
        await Command.RunAsync("chown", ["1234:1234", userHome]);
        Command.Chmod(home.Path, (UnixFileMode)0b111_101_101);

        var result = await Command.RunAsync("setpriv", ["--reuid=1234", "--regid=1234", "--clear-groups", "dash", "-s"],
            Environment(server.Url, ("HOME", userHome)), Script);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdErr).Contains($"installed {userHome}/.local/bin/download-models");
        await Assert.That(result.StdErr).Contains("is not on PATH");
        await Assert.That(File.Exists(System.IO.Path.Combine(userHome, ".local", "bin", "download-models"))).IsTrue();
    }

    private static Task<ProcessResult> RunAsync(string url, params (string Name, string Value)[] extra) =>
        Command.RunAsync("dash", ["-s"], Environment(url, extra), Script);

    private static Dictionary<string, string> Environment(string url, params (string Name, string Value)[] extra)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["DOWNLOAD_MODELS_INSTALL_URL"] = url,
        };
        foreach (var (name, value) in extra)
            env[name] = value;
        return env;
    }
}
