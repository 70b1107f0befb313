namespace DownloadModels.Tests.Cli;

/// <summary>The man page generated from the help, read by Debian's groff as man(1) renders it.</summary>
[Category(TestCategory.Host)]
public sealed class ManPageTests
{
    [Test]
    public async Task ManPage_FromTheHelp_GroffReadsItWithoutWarningsAndEveryCommandIsThere(CancellationToken ct)
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var result = await cli.RunAsync(["man"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).StartsWith(".TH DOWNLOAD-MODELS 1 ");
        foreach (var command in new[] { "get", "verify", "list", "rm", "prune", "doctor", "completion", "help" })
            await Assert.That(result.StdOut).Contains($".SS {command}\n");
        // Debian's groff, as man(1) renders it: any warning (an unknown request, a bad escape) fails the test.
        var page = Path.Combine(cli.Root, "download-models.1");
        await File.WriteAllTextAsync(page, result.StdOut, ct);
        var psi = new System.Diagnostics.ProcessStartInfo("groff", ["-man", "-Tutf8", "-ww", "-z", page]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var groff = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("groff did not start (Debian: apt-get install groff-base)");
        var warnings = await groff.StandardError.ReadToEndAsync(ct);
        await groff.WaitForExitAsync(ct);
        await Assert.That(groff.ExitCode).IsEqualTo(0).Because(warnings);
        await Assert.That(warnings).IsEmpty();
    }
}
