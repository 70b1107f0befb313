using System.Text.Json;
using System.Text.Json.Nodes;
using DownloadModels.Output.Json;
using DownloadModels.Tests.Cli;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Output.Json;

/// <summary>
/// The schema is not <c>{}</c>: real documents pass Ajv, and each kind of drift — a missing envelope field, a field the
/// schema does not know, an old name, a sentence where an enum value belongs, an envelope that contradicts itself — is
/// rejected. The schema's enums are the code's.
/// </summary>
[Category(TestCategory.Host)]
[Timeout(120_000)]
public sealed class JsonSchemaTests
{
    [Test]
    public async Task Mutations_EachDriftRejected_RealDocumentsAccepted(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("model.bin", 5_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        var get = (await cli.RunAsync("get", "org/model", "--json")).StdOut;
        var list = (await cli.RunAsync("list", "--json")).StdOut;
        var rm = (await cli.RunAsync("rm", "org/model", "--dry-run", "--json")).StdOut;
        var usage = (await cli.RunAsync("sbom", "--bogus", "--json")).StdOut;

        (string Name, string Json)[] mutants =
        [
            ("no ok", Mutate(get, d => d.AsObject().Remove("ok"))),
            ("no error", Mutate(list, d => d.AsObject().Remove("error"))),
            ("a field the schema does not know", Mutate(get, d => d["surprise"] = 1)),
            ("a repo field the schema does not know", Mutate(get, d => d["repos"]![0]!["surprise"] = 1)),
            ("a sentence for a file's status", Mutate(get, d => d["repos"]![0]!["files"]![0]!["status"] = "fetched in 2 s")),
            ("a string for error", Mutate(get, d =>
            {
                d["exit_code"] = 1;
                d["ok"] = false;
                d["error"] = "it failed";
            })),
            ("ok with an exit code", Mutate(get, d => d["exit_code"] = 3)),
            ("failed without an error", Mutate(get, d =>
            {
                d["exit_code"] = 1;
                d["ok"] = false;
            })),
            ("an unknown error code", Mutate(usage, d => d["error"]!["code"] = "oops")),
            ("version 2", Mutate(get, d => d["version"] = 2)),
            ("the old name files for a count", Mutate(get, d => d["totals"]!["files"] = d["totals"]!["file_count"]!.DeepClone())),
            ("the old snapshots[].path", Mutate(list, d => d["repos"]![0]!["snapshots"]![0]!["path"] = "/x")),
            ("the old size_on_disk", Mutate(list, d => d["size_on_disk"] = 1)),
            ("a list document that says it is get's", Mutate(list, d => d["command"] = "get")),
            ("a removal status that is a sentence", Mutate(rm, d => d["repos"]![0]!["status"] = "would remove the whole repo")),
            ("a payload on an envelope-only document", Mutate(usage, d => d["repos"] = new JsonArray())),
        ];

        var verdicts = await JsonSchemaValidator.ValidateAllAsync([get, list, rm, usage, .. mutants.Select(m => m.Json)]);

        await Assert.That(verdicts.Take(4).Select(v => v.Valid).ToArray()).IsEquivalentTo([true, true, true, true])
            .Because(string.Join("\n", verdicts.Take(4).Select(v => v.Errors)));
        foreach (var ((name, _), (valid, _)) in mutants.Zip(verdicts.Skip(4)))
            await Assert.That(valid).IsFalse().Because($"{name}: the schema must reject it");
    }

    [Test]
    public async Task Schema_EnumsAndCommands_AreTheCodes(CancellationToken ct)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(JsonSchemaValidator.SchemaPath));
        var defs = schema.RootElement.GetProperty("$defs");

        await Assert.That(Strings(defs.GetProperty("error").GetProperty("properties").GetProperty("code").GetProperty("enum"))).IsEquivalentTo(ErrorCodes.All);
        await Assert.That(Strings(defs.GetProperty("run_document").GetProperty("properties").GetProperty("command").GetProperty("enum"))).IsEquivalentTo(FailureDocuments.RunCommands);
        await Assert.That(schema.RootElement.GetProperty("$schema").GetString()).IsEqualTo("https://json-schema.org/draft/2020-12/schema");
        await Assert.That(defs.GetProperty("envelope").GetProperty("properties").GetProperty("version").GetProperty("const").GetInt32()).IsEqualTo(JsonEnvelope.FormatVersion);
    }

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    private static string Mutate(string json, Action<JsonNode> change)
    {
        var node = JsonNode.Parse(json)!;
        change(node);
        return node.ToJsonString();
    }
}
