using DownloadModels.Tests.Cli;

namespace DownloadModels.Tests.Reliability;

/// <summary>What every refused run must look like: exit 1, the reason on stderr, no stack trace, no folder for the repo.</summary>
internal static class FailedRun
{
    public static async Task AssertCleanAsync(Tests.EndToEnd.ProcessResult result, CliHarness cli, string expected)
    {
        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains(expected);
        await Assert.That(result.All).DoesNotContain("   at ");
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--model"))).IsFalse();
    }
}
