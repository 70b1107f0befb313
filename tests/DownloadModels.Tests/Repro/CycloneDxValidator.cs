using System.Diagnostics;

namespace DownloadModels.Tests.Repro;

/// <summary>
/// The official CycloneDX JavaScript library's strict JSON validator (tests/sbom-validator, installed by
/// .ci/run with npm ci), run with node. When node or the library is missing the test fails and says how to
/// install them: an SBOM check that cannot run must never pass.
/// </summary>
internal static class CycloneDxValidator
{
    /// <summary>Exit 0 valid, 2 invalid (the errors are in the output), anything else: the validator did not run.</summary>
    public static async Task<(bool Valid, string Output)> ValidateAsync(string json)
    {
        var folder = Path.Combine(RepoRoot.Path, "tests", "sbom-validator");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@cyclonedx", "cyclonedx-library")))
            throw new InvalidOperationException($"the CycloneDX validator is not installed: run 'npm ci --prefix {folder}' (.ci/run does).");

        var file = Path.Combine(Path.GetTempPath(), $"sbom-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json);
        try
        {
            var psi = new ProcessStartInfo("node", [Path.Combine(folder, "validate.cjs"), file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = folder,
            };
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("node could not be started");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            var output = await stdout + await stderr;
            return process.ExitCode switch
            {
                0 => (true, output),
                2 => (false, output),
                _ => throw new InvalidOperationException($"the CycloneDX validator did not run (exit {process.ExitCode}): {output}"),
            };
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"node is not installed ({e.Message}): the SBOM cannot be validated. Debian: apt-get install nodejs npm", e);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
