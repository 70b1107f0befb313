using System.Diagnostics;
using DownloadModels.Settings;

namespace DownloadModels.Tests.Settings;

public class TokenResolverTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] vars)
    {
        var map = vars.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        return name => map.TryGetValue(name, out var v) ? v : null;
    }

    [Test]
    public async Task Resolve_OptionGiven_BeatsEnvironmentAndFile()
    {
        using var dir = new TempFolder();
        dir.Write("token", "hf_file");
        var token = TokenResolver.Resolve(" hf_opt ", Env(("HF_TOKEN", "hf_env")), dir.Path);
        await Assert.That(token).IsEqualTo(new TokenSetting("hf_opt", "--token"));
    }

    [Test]
    public async Task Resolve_HfToken_BeatsLegacyAndFile()
    {
        using var dir = new TempFolder();
        dir.Write("token", "hf_file");
        var token = TokenResolver.Resolve(null, Env(("HF_TOKEN", "hf_env\n"), ("HUGGING_FACE_HUB_TOKEN", "hf_old")), dir.Path);
        await Assert.That(token).IsEqualTo(new TokenSetting("hf_env", "HF_TOKEN"));
    }

    [Test]
    public async Task Resolve_LegacyVariable_UsedWhenHfTokenBlank()
    {
        var token = TokenResolver.Resolve("  ", Env(("HF_TOKEN", "   "), ("HUGGING_FACE_HUB_TOKEN", "hf_old")), "/nonexistent");
        await Assert.That(token).IsEqualTo(new TokenSetting("hf_old", "HUGGING_FACE_HUB_TOKEN"));
    }

    [Test]
    public async Task Resolve_TokenFileInHfHome_ReadAndTrimmed()
    {
        using var dir = new TempFolder();
        string path = dir.Write("token", "  hf_file \n");
        var token = TokenResolver.Resolve(null, Env(), dir.Path);
        await Assert.That(token).IsEqualTo(new TokenSetting("hf_file", $"file {path}"));
    }

    [Test]
    public async Task Resolve_HfTokenPath_BeatsHfHomeTokenFile()
    {
        using var dir = new TempFolder();
        dir.Write("token", "hf_home");
        string custom = dir.Write("elsewhere/tok", "hf_custom");
        var token = TokenResolver.Resolve(null, Env(("HF_TOKEN_PATH", custom)), dir.Path);
        await Assert.That(token?.Value).IsEqualTo("hf_custom");
    }

    [Test]
    public async Task Resolve_EmptyOrBlankFile_Null()
    {
        using var dir = new TempFolder();
        dir.Write("token", " \n\t");
        await Assert.That(TokenResolver.Resolve(null, Env(), dir.Path)).IsNull();
        dir.Write("token", "");
        await Assert.That(TokenResolver.Resolve(null, Env(), dir.Path)).IsNull();
    }

    [Test]
    public async Task Resolve_NoTokenAnywhere_Null()
    {
        using var dir = new TempFolder();
        await Assert.That(TokenResolver.Resolve(null, Env(), dir.Path)).IsNull();
    }

    [Test]
    public async Task Resolve_TokenPathIsDirectory_Null()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(Path.Combine(dir.Path, "token"));
        await Assert.That(TokenResolver.Resolve(null, Env(), dir.Path)).IsNull();
    }

    [Test]
    public async Task Resolve_TokenPathIsDevice_Null()
    {
        if (!File.Exists("/dev/zero"))
        {
            return; // No device files on this OS.
        }

        await Assert.That(TokenResolver.Resolve(null, Env(("HF_TOKEN_PATH", "/dev/zero")), "/nonexistent")).IsNull();
    }

    [Test]
    public async Task Resolve_TokenPathIsFifo_NullWithoutBlocking()
    {
        using var dir = new TempFolder();
        string fifo = Path.Combine(dir.Path, "token");
        if (!TryMkfifo(fifo))
        {
            return; // mkfifo unavailable (e.g. Windows): nothing to test.
        }

        var resolve = Task.Run(() => TokenResolver.Resolve(null, Env(), dir.Path));
        var finished = await Task.WhenAny(resolve, Task.Delay(TimeSpan.FromSeconds(10)));
        await Assert.That(finished == resolve).IsTrue();
        await Assert.That(await resolve).IsNull();
    }

    [Test]
    public async Task Resolve_TokenFileIsSymlinkToRegularFile_Read()
    {
        using var dir = new TempFolder();
        string target = dir.Write("real-token", "hf_linked");
        File.CreateSymbolicLink(Path.Combine(dir.Path, "token"), target);
        await Assert.That(TokenResolver.Resolve(null, Env(), dir.Path)?.Value).IsEqualTo("hf_linked");
    }

    [Test]
    public async Task ToString_TokenSetting_MasksValue()
    {
        string text = new TokenSetting("hf_secret_value", "HF_TOKEN").ToString();
        await Assert.That(text).DoesNotContain("hf_secret_value");
        await Assert.That(text).Contains("***");
        await Assert.That(text).Contains("HF_TOKEN");
    }

    private static bool TryMkfifo(string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false });
            process?.WaitForExit();
            return process is { ExitCode: 0 };
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
