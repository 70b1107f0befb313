using System.Diagnostics;
using System.Text.Json;

namespace DownloadModels.Tests.Output.Json;

/// <summary>
/// Ajv (JSON Schema draft 2020-12, strict, with ajv-formats) run with node: tests/json-schema-validator, installed by
/// .ci/run with npm ci, checks documents against docs/schema/download-models.schema.json. Not our code judging our
/// output. When node or Ajv is missing, or the schema does not compile, the test fails and says how to install them:
/// a contract check that cannot run must never pass.
/// </summary>
internal static class JsonSchemaValidator
{
    public static string SchemaPath => Path.Combine(RepoRoot.Path, "docs", "schema", "download-models.schema.json");

    /// <summary>One document: whether it is valid, and Ajv's errors (empty when valid).</summary>
    public static async Task<(bool Valid, string Errors)> ValidateAsync(string json) => (await ValidateAllAsync([json]))[0];

    /// <summary>Many documents in one run of the validator, in order.</summary>
    public static async Task<IReadOnlyList<(bool Valid, string Errors)>> ValidateAllAsync(IReadOnlyList<string> documents)
    {
        var folder = Path.Combine(RepoRoot.Path, "tests", "json-schema-validator");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "ajv")) || !Directory.Exists(Path.Combine(folder, "node_modules", "ajv-formats")))
            throw new InvalidOperationException($"the JSON Schema validator is not installed: run 'npm ci --prefix {folder}' (.ci/run does).");

        var work = Directory.CreateTempSubdirectory("dm-schema-").FullName;
        try
        {
            var files = new List<string>();
            for (var i = 0; i < documents.Count; i++)
            {
                var file = Path.Combine(work, $"{i}.json");
                await File.WriteAllTextAsync(file, documents[i]);
                files.Add(file);
            }

            var psi = new ProcessStartInfo("node", [Path.Combine(folder, "validate.cjs"), SchemaPath, .. files])
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
            var output = await stdout;
            if (process.ExitCode is not (0 or 2))
                throw new InvalidOperationException($"the JSON Schema validator did not run (exit {process.ExitCode}): {output}{await stderr}");

            using var results = JsonDocument.Parse(output);
            var answers = results.RootElement.EnumerateArray()
                .Select(r => (r.GetProperty("valid").GetBoolean(), r.GetProperty("errors").GetRawText())).ToArray();
            return answers.Length == documents.Count
                ? answers
                : throw new InvalidOperationException($"the JSON Schema validator answered for {answers.Length} of {documents.Count} documents: {output}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"node is not installed ({e.Message}): the JSON documents cannot be validated. Debian: apt-get install nodejs npm", e);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
