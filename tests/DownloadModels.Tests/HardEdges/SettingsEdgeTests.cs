using System.Text;
using DownloadModels.Contract;
using DownloadModels.Lockfile;
using DownloadModels.Manifest;
using DownloadModels.Settings;
using DownloadModels.Tests.Cli;

namespace DownloadModels.Tests.HardEdges;

/// <summary>Issue 25, defects 4 (TOML nesting, a NUL in .env) and 7 (.env interpolation without limits).</summary>
public sealed class SettingsEdgeTests
{
    private static string Nested(int depth) => "a = " + new string('[', depth) + new string(']', depth) + "\n";

    [Test]
    public async Task Manifest_NestedSeventyLevels_ErrorNamingTheFileNotACrash()
    {
        var error = Assert.Throws<TomlFileException>(() => ManifestReader.Parse(Nested(70), "/p/download-models.toml"));

        await Assert.That(error.Message).Contains("nests arrays or tables too deeply");
    }

    [Test]
    public async Task Lock_NestedSeventyLevels_ErrorNamingTheFileNotACrash()
    {
        var error = Assert.Throws<TomlFileException>(() => LockReader.Parse("version = 1\n" + Nested(70), "/p/download-models.lock"));

        await Assert.That(error.Message).Contains("download-models.lock: the file nests");
    }

    [Test]
    public async Task DotEnv_ModelCacheDirWithANul_OneLineUsageExit()
    {
        using var cli = new CliHarness();
        cli.Env("HF_HOME", null);
        File.WriteAllText(Path.Combine(cli.WorkingDirectory, ".env"), "MODEL_CACHE_DIR=\"/tmp/a\0b\"\n");

        var result = await cli.RunAsync("list");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("MODEL_CACHE_DIR in").Because(result.ToString());
        await Assert.That(result.StdErr).Contains("holds a NUL character");
        await Assert.That(result.ErrorLines.Length).IsEqualTo(1).Because(result.ToString());
    }

    [Test]
    public async Task DotEnv_NestedExpansionDoublingEachLine_StopsAtTheLimit()
    {
        // Each line ten times the one before: 10 MB by the sixth, 10^10 characters by the tenth.
        var text = new StringBuilder("A0=0123456789\n");
        for (var i = 1; i <= 6; i++)
            text.Append($"A{i}=").Append(string.Concat(Enumerable.Repeat($"${{A{i - 1}}}", 10))).Append('\n');

        var error = Assert.Throws<UsageException>(() => DotEnvFile.Parse(text.ToString()));

        await Assert.That(error.Message).Contains("expands to more than 64 KiB");
    }

    [Test]
    public async Task DotEnv_DefaultsNestedThousandsDeep_StopsAtTheLimit()
    {
        var text = "X=" + string.Concat(Enumerable.Repeat("${X:-", 5000)) + "end" + new string('}', 5000) + "\n";

        var error = Assert.Throws<UsageException>(() => DotEnvFile.Parse(text));

        await Assert.That(error.Message).Contains("more than 32 deep");
    }

    [Test]
    public async Task DotEnv_NestingAndSizeWithinTheLimits_Expanded()
    {
        var values = DotEnvFile.Parse("A=x\nB=${NOPE:-${NOPE2:-${A}y}}\nC=" + string.Concat(Enumerable.Repeat("$B", 1000)) + "\n");

        await Assert.That(values["B"]).IsEqualTo("xy");
        await Assert.That(values["C"].Length).IsEqualTo(2000);
    }
}
