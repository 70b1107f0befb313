using System.Text.Json;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Output.Json;
using DownloadModels.Tests.Repro;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.EndToEnd;

/// <summary>
/// The JSON contract (docs/json.md) in the published binary: every command that takes --json — run as a user runs it,
/// against the fake Hub and Debian's docker-registry, succeeding, failing part-way, failing as a whole, and with a
/// command line that does not parse — prints one document that Ajv (draft 2020-12, not our code) finds valid against
/// docs/schema/download-models.schema.json, whose command is the command typed and whose exit_code is the process's.
/// </summary>
[Category(TestCategory.Host)]
[Timeout(600_000)]
public sealed class JsonContractTests
{
    /// <summary>Every command that parses --json (or answers a usage error with the envelope), for the usage-error documents.</summary>
    public static readonly string[] Commands = ["get", "sync", "verify", "pack", "unpack", "mirror", "push", "pull", "list", "rm", "prune", "doctor", "init", "lock", "sbom", "completion"];

    private sealed record Case(string Name, string Command, ProcessResult Result, int Exit, string? Code);

    [Test]
    public async Task EveryCommand_PublishedBinary_EachDocumentValidAgainstTheSchema(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        ReproRepos.Add(hub);
        var other = hub.AddRepo("org/other").AddFile("config.json", "{ }").AddFile("weights.bin", 3_000, lfs: true);
        hub.AddRepo("org/gated").AddFile("a.json", "{}").Gated = true;
        await using var registry = await TestRegistry.StartAsync();
        using var home = new TempHome();
        var run = home.Run().Env("HF_ENDPOINT", hub.ApiUrl);
        var second = home.Run().Env("HF_ENDPOINT", hub.ApiUrl).Env("HF_HOME", home.Sub("second"));
        var cases = new List<Case>();
        async Task Json(string name, BinaryRun binary, int exit, string? code, params string[] args)
        {
            var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "download";
            cases.Add(new Case(name, command, await binary.RunAsync([.. args, "--json"]), exit, code));
        }

        var bundle = home.Sub("m.tar.zst");
        var garbage = home.Sub("garbage.tar.zst");
        File.WriteAllText(garbage, "not a bundle");
        var aFile = home.Sub("a-file");
        File.WriteAllText(aFile, "x");
        File.WriteAllText(home.Sub("download-models.toml"), ReproRepos.Manifest);

        await Json("the drop-in", run, 0, null);
        await Json("the drop-in, dry run", run, 0, null, "--dry-run");
        await Json("get", run, 0, null, "get", "org/model");
        await Json("get, dry run", run, 0, null, "get", "org/model", "--dry-run");
        await Json("get of a gated repo", run, 1, "repos_failed", "get", "org/gated");
        await Json("get into a cache that is a file", run, 1, "not_writable", "get", "org/model", "--cache-dir", aFile);
        await Json("get of another", run, 0, null, "get", "org/other");
        await Json("verify", run, 0, null, "verify", "org/model");
        await Json("list", run, 0, null, "list");
        await Json("list --files", run, 0, null, "list", "--files");
        await Json("pack", run, 0, null, "pack", bundle, "org/model");
        await Json("unpack", second, 0, null, "unpack", bundle);
        await Json("unpack again, dry run", second, 0, null, "unpack", bundle, "--dry-run");
        await Json("unpack of a damaged bundle", second, 1, "bad_bundle", "unpack", garbage);
        await Json("mirror", run, 0, null, "mirror", home.Sub("mirror"), "org/model");
        await Json("push", run, 0, null, "push", registry.Ref("json/model:v1"), "org/model", "--registry-insecure");
        await Json("pull", second, 0, null, "pull", registry.Ref("json/model:v1"), "--registry-insecure");
        await Json("pull of a missing tag", second, 1, "registry", "pull", registry.Ref("json/model:absent"), "--registry-insecure");
        await Json("lock", run, 0, null, "lock");
        await Json("lock again, up to date", run, 0, null, "lock", "--upgrade");
        await Json("sync", run, 0, null, "sync");
        File.WriteAllBytes(Path.Combine(home.Sub(".cache/huggingface/hub/models--org--other/blobs"), other.Sha256Of("weights.bin")), new byte[3_000]);
        await Json("verify of a damaged repo", run, 1, "repos_failed", "verify", "org/other");
        await Json("rm, dry run", run, 0, null, "rm", "org/other", "--dry-run");
        await Json("rm", run, 0, null, "rm", "org/other");
        await Json("rm of a repo not in the cache", run, 0, null, "rm", "org/absent");
        await Json("prune, dry run", run, 0, null, "prune", "--dry-run");
        await Json("prune", run, 0, null, "prune");
        await Json("doctor", run, 0, null, "doctor");
        await Json("doctor with a revoked token", home.Run().Env("HF_ENDPOINT", hub.ApiUrl).Env("HF_TOKEN", "hf_revoked"), 1, "checks_failed", "doctor");
        await Json("the drop-in with an unknown option", run, 1, "usage", "--bogus");
        foreach (var command in Commands)
            await Json($"{command} with an unknown option", run, 2, "usage", command, "--bogus");

        await Assert.That(cases.Count).IsEqualTo(30 + Commands.Length);
        var verdicts = await JsonSchemaValidator.ValidateAllAsync([.. cases.Select(c => c.Result.StdOut)]);
        foreach (var (c, (valid, errors)) in cases.Zip(verdicts))
        {
            await Assert.That(valid).IsTrue().Because($"{c.Name}: not valid against the schema: {errors}\n{c.Result}");
            using var document = JsonDocument.Parse(c.Result.StdOut);
            var root = document.RootElement;
            await Assert.That(c.Result.ExitCode).IsEqualTo(c.Exit).Because($"{c.Name}: {c.Result}");
            await Assert.That(root.GetProperty("command").GetString()).IsEqualTo(c.Command).Because(c.Name);
            await Assert.That(root.GetProperty("exit_code").GetInt32()).IsEqualTo(c.Result.ExitCode).Because(c.Name);
            var error = root.GetProperty("error");
            await Assert.That(error.ValueKind == JsonValueKind.Null ? null : error.GetProperty("code").GetString()).IsEqualTo(c.Code).Because($"{c.Name}: {c.Result}");
            if (error.ValueKind != JsonValueKind.Null && c.Code != "repos_failed")
                await Assert.That(c.Result.StdErr).Contains(error.GetProperty("message").GetString()!).Because($"{c.Name}: the document's message is stderr's line");
        }
    }
}
