using System.Text.Json;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Output.Json;
using DownloadModels.Tests.Repro;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>
/// --format json (--json): one versioned document on stdout per run, for the drop-in, get, --dry-run,
/// verify, pack, unpack and mirror; nothing else on stdout; per repo its id, type, revision, commit, snapshot
/// path, status and error; per file its path, size, etag and outcome; byte totals. Every document is checked against
/// docs/schema/download-models.schema.json by Ajv, and docs/json.md names every field and value the schema has.
/// </summary>
[Category(TestCategory.Host)]
[Timeout(60_000)]
public sealed class JsonOutputTests
{
    /// <summary>The fields README documents, level by level: a run may carry more (fields are only ever added), never fewer.</summary>
    public static readonly string[] DocumentFields = ["version", "tool_version", "command", "ok", "exit_code", "error", "dry_run", "offline", "cache_dir", "elapsed_seconds", "repos", "totals"];
    public static readonly string[] RepoFields = ["label", "repo_id", "repo_type", "revision", "commit", "snapshot_path", "status", "error", "errors", "bytes", "bytes_cached", "bytes_fetched", "bytes_to_fetch", "bytes_reused", "files"];
    public static readonly string[] FileFields = ["path", "size", "etag", "lfs", "status", "bytes_fetched", "resumed_from", "retries", "error", "transport", "bytes_reused", "bytes_to_fetch"];
    public static readonly string[] TotalsFields = ["repo_count", "failed_count", "file_count", "bytes", "bytes_cached", "bytes_fetched", "bytes_to_fetch", "bytes_reused"];

    [Test]
    public async Task Get_Json_OneDocumentWithCommitPathAndEveryFile(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("model.bin", 5_000, lfs: true).AddFile("notes.txt", "x");
        using var cli = new CliHarness(hub.ApiUrl);

        var first = await cli.RunAsync("get", "org/model", "--exclude", "*.txt", "--json");
        var second = await cli.RunAsync("get", "org/model", "--exclude", "*.txt", "--format", "json");

        await Assert.That(first.ExitCode).IsEqualTo(0).Because(first.ToString());
        using var document = JsonDocument.Parse(first.StdOut);
        var root = document.RootElement;
        await AssertShapeAsync(root);
        await Assert.That(root.GetProperty("command").GetString()).IsEqualTo("get");
        await Assert.That(root.GetProperty("ok").GetBoolean()).IsTrue();
        await Assert.That(root.GetProperty("cache_dir").GetString()).IsEqualTo(cli.HubCache);
        var r = root.GetProperty("repos")[0];
        await Assert.That(r.GetProperty("repo_id").GetString()).IsEqualTo("org/model");
        await Assert.That(r.GetProperty("repo_type").GetString()).IsEqualTo("model");
        await Assert.That(r.GetProperty("revision").GetString()).IsEqualTo("main");
        await Assert.That(r.GetProperty("commit").GetString()).IsEqualTo(repo.Commit);
        await Assert.That(r.GetProperty("status").GetString()).IsEqualTo("ok");
        var snapshot = r.GetProperty("snapshot_path").GetString()!;
        await Assert.That(snapshot).IsEqualTo(Path.Combine(cli.HubCache, "models--org--model", "snapshots", repo.Commit));
        await Assert.That(File.ReadAllText(Path.Combine(snapshot, "config.json"))).IsEqualTo("{}");
        var files = r.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!);
        await Assert.That(files.Keys).IsEquivalentTo(["config.json", "model.bin"]);
        await Assert.That(files["model.bin"].GetProperty("etag").GetString()).IsEqualTo(repo.Sha256Of("model.bin"));
        await Assert.That(files["model.bin"].GetProperty("lfs").GetBoolean()).IsTrue();
        await Assert.That(files["model.bin"].GetProperty("size").GetInt64()).IsEqualTo(5_000L);
        await Assert.That(files["model.bin"].GetProperty("status").GetString()).IsEqualTo("fetched");
        await Assert.That(files["model.bin"].GetProperty("bytes_fetched").GetInt64()).IsEqualTo(5_000L);
        await Assert.That(files["config.json"].GetProperty("etag").GetString()).IsEqualTo(repo.GitSha1Of("config.json"));
        await Assert.That(root.GetProperty("totals").GetProperty("bytes_fetched").GetInt64()).IsEqualTo(5_002L);

        using var again = JsonDocument.Parse(second.StdOut);
        var statuses = again.RootElement.GetProperty("repos")[0].GetProperty("files").EnumerateArray().Select(f => f.GetProperty("status").GetString()!).ToArray();
        await Assert.That(statuses).IsEquivalentTo(["cached", "cached"]);
        await Assert.That(again.RootElement.GetProperty("totals").GetProperty("bytes_cached").GetInt64()).IsEqualTo(5_002L);
    }

    [Test]
    public async Task DropIn_Json_ThreeReposWithLabelsAndNothingElseOnStdout(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddAll(hub);
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("--json");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        using var document = JsonDocument.Parse(result.StdOut);
        var root = document.RootElement;
        await AssertShapeAsync(root);
        await Assert.That(root.GetProperty("command").GetString()).IsEqualTo("download");
        await Assert.That(root.GetProperty("repos").EnumerateArray().Select(r => r.GetProperty("label").GetString()!).ToArray())
            .IsEquivalentTo(["stt", "tts", "embeddings"], TUnit.Assertions.Enums.CollectionOrdering.Matching);
        await Assert.That(root.GetProperty("totals").GetProperty("repo_count").GetInt32()).IsEqualTo(3);
        await Assert.That(root.GetProperty("totals").GetProperty("failed_count").GetInt32()).IsEqualTo(0);
        await Assert.That(result.StdErr).Contains("Cache: ");
    }

    [Test]
    public async Task Get_JsonGatedRepo_FailedRepoErrorOnceAndNoFolderLeft(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var gated = hub.AddRepo("org/gated").AddFile("a.json", "{}").AddFile("b.json", "{ }").AddFile("c.bin", 2_000, lfs: true)
            .AddFile("d.bin", 2_001, lfs: true).AddFile("e.bin", 2_002, lfs: true);
        gated.Gated = true;
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync("get", "org/gated", "--json");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        using var document = JsonDocument.Parse(result.StdOut);
        var repo = document.RootElement.GetProperty("repos")[0];
        await Assert.That(repo.GetProperty("status").GetString()).IsEqualTo("failed");
        await Assert.That(repo.GetProperty("error").GetString()).Contains("is gated");
        await Assert.That(repo.GetProperty("snapshot_path").ValueKind).IsEqualTo(JsonValueKind.Null);
        await Assert.That(result.StdErr.Split("is gated").Length - 1).IsEqualTo(1).Because(result.StdErr);
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--gated"))).IsFalse();
    }

    [Test]
    public async Task DryRun_Json_EachFileCachedOrToFetch(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("model.bin", 5_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("get", "org/model", "--include", "config.json");

        var result = await cli.RunAsync("get", "org/model", "--dry-run", "--json");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        using var document = JsonDocument.Parse(result.StdOut);
        var root = document.RootElement;
        await AssertShapeAsync(root);
        await Assert.That(root.GetProperty("dry_run").GetBoolean()).IsTrue();
        var repo = root.GetProperty("repos")[0];
        await Assert.That(repo.GetProperty("plan").GetProperty("source").GetString()).IsEqualTo("hub");
        await Assert.That(repo.GetProperty("plan").GetProperty("complete").GetBoolean()).IsFalse();
        await Assert.That(repo.GetProperty("bytes_to_fetch").GetInt64()).IsEqualTo(5_000L);
        var statuses = repo.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("status").GetString());
        await Assert.That(statuses["config.json"]).IsEqualTo("cached");
        await Assert.That(statuses["model.bin"]).IsEqualTo("to_fetch");
    }

    [Test]
    public async Task Verify_Json_ProblemsPerFileAndRepo(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("model.bin", 5_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("get", "org/model");
        File.WriteAllBytes(Path.Combine(cli.HubCache, "models--org--model", "blobs", repo.Sha256Of("model.bin")), new byte[5_000]);

        var result = await cli.RunAsync("verify", "org/model", "--json");

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        using var document = JsonDocument.Parse(result.StdOut);
        var root = document.RootElement;
        await AssertShapeAsync(root);
        await Assert.That(root.GetProperty("command").GetString()).IsEqualTo("verify");
        var r = root.GetProperty("repos")[0];
        await Assert.That(r.GetProperty("status").GetString()).IsEqualTo("problems");
        await Assert.That(r.GetProperty("verify").GetProperty("problems")[0].GetProperty("kind").GetString()).IsEqualTo("corrupt");
        var statuses = r.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!, f => f.GetProperty("status").GetString());
        await Assert.That(statuses["model.bin"]).IsEqualTo("corrupt");
        await Assert.That(statuses["config.json"]).IsEqualTo("ok");
    }

    [Test]
    public async Task PackThenUnpack_Json_BundleAndReposDescribed(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("model.bin", 5_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        var bundle = Path.Combine(cli.Root, "m.tar.zst");

        var pack = await cli.RunAsync("pack", bundle, "org/model", "--json");
        var unpack = await cli.RunAsync("unpack", bundle, "--cache-dir", Path.Combine(cli.Root, "other"), "--json");

        await Assert.That(pack.ExitCode).IsEqualTo(0).Because(pack.ToString());
        using var packed = JsonDocument.Parse(pack.StdOut);
        await AssertShapeAsync(packed.RootElement);
        await Assert.That(packed.RootElement.GetProperty("bundle").GetProperty("path").GetString()).IsEqualTo(bundle);
        await Assert.That(packed.RootElement.GetProperty("bundle").GetProperty("size").GetInt64()).IsEqualTo(new FileInfo(bundle).Length);
        await Assert.That(unpack.ExitCode).IsEqualTo(0).Because(unpack.ToString());
        using var unpacked = JsonDocument.Parse(unpack.StdOut);
        var root = unpacked.RootElement;
        await AssertShapeAsync(root);
        await Assert.That(root.GetProperty("command").GetString()).IsEqualTo("unpack");
        var repo = root.GetProperty("repos")[0];
        await Assert.That(repo.GetProperty("unpack").GetProperty("blobs_added").GetInt32()).IsEqualTo(2);
        await Assert.That(Directory.Exists(repo.GetProperty("snapshot_path").GetString())).IsTrue();
        await Assert.That(repo.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("status").GetString()!).Distinct().ToArray()).IsEquivalentTo(["fetched"]);
    }

    [Test]
    public async Task Mirror_Json_RootAndPerRepoCounts(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("model.bin", 5_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        var dir = Path.Combine(cli.Root, "mirror");

        var result = await cli.RunAsync("mirror", dir, "org/model", "--json");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        using var document = JsonDocument.Parse(result.StdOut);
        var root = document.RootElement;
        await AssertShapeAsync(root);
        await Assert.That(root.GetProperty("mirror").GetProperty("root").GetString()).IsEqualTo(dir);
        await Assert.That(root.GetProperty("repos")[0].GetProperty("mirror").GetProperty("served").GetInt32()).IsEqualTo(2);
    }

    [Test]
    [Arguments("--jobs|0")]
    [Arguments("get|org/model|--cache-dir|{file}")]
    [Arguments("verify|--repair|--offline")]
    public async Task UsageError_Json_DocumentSaysWhy(string joined, CancellationToken ct)
    {
        using var cli = new CliHarness("http://127.0.0.1:9");
        var file = Path.Combine(cli.Root, "a-file");
        File.WriteAllText(file, "x");

        var result = await cli.RunAsync([.. joined.Replace("{file}", file, StringComparison.Ordinal).Split('|'), "--json"]);

        // Bad usage: 1 for the drop-in (its contract), 2 for a command; a cache folder that is a file is not
        // usage but a command error (exit 1). The document says the same code.
        var expected = joined.StartsWith('-') || joined.Contains("--cache-dir", StringComparison.Ordinal) ? 1 : 2;
        await Assert.That(result.ExitCode).IsEqualTo(expected).Because(result.ToString());
        using var document = JsonDocument.Parse(result.StdOut);
        var root = document.RootElement;
        await AssertShapeAsync(root);
        await Assert.That(root.GetProperty("ok").GetBoolean()).IsFalse();
        await Assert.That(root.GetProperty("exit_code").GetInt32()).IsEqualTo(expected);
        await Assert.That(root.GetProperty("error").GetProperty("code").GetString()).IsEqualTo(expected == 2 || joined.StartsWith('-') ? "usage" : "not_writable");
        await Assert.That(result.StdErr).Contains(root.GetProperty("error").GetProperty("message").GetString()!);
    }

    [Test]
    [Arguments("rm|org/model|--bogus", "rm")]
    [Arguments("prune|--bogus", "prune")]
    [Arguments("list|--bogus", "list")]
    [Arguments("lock|--bogus", "lock")]
    [Arguments("sbom|--bogus", "sbom")]
    [Arguments("get|org/model|--bogus", "get")]
    [Arguments("pack|--bogus", "pack")]
    [Arguments("mirror|--bogus", "mirror")]
    public async Task UsageError_Json_TheDocumentOfTheCommandTypedExitTwo(string joined, string command, CancellationToken ct)
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var result = await cli.RunAsync([.. joined.Split('|'), "--json"]);

        // Before the contract, rm and list answered with a download document (command "rm", but repos and totals).
        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        var (valid, errors) = await JsonSchemaValidator.ValidateAsync(result.StdOut);
        await Assert.That(valid).IsTrue().Because(errors);
        using var document = JsonDocument.Parse(result.StdOut);
        var root = document.RootElement;
        await Assert.That(root.GetProperty("command").GetString()).IsEqualTo(command);
        await Assert.That(root.GetProperty("exit_code").GetInt32()).IsEqualTo(2);
        var error = root.GetProperty("error");
        await Assert.That(error.GetProperty("code").GetString()).IsEqualTo("usage");
        await Assert.That(error.GetProperty("message").GetString()).IsEqualTo("unknown option '--bogus' for download-models " + command + ".");
        await Assert.That(error.GetProperty("hint").GetString()).IsEqualTo($"Run 'download-models {command} --help' for usage.");
        await Assert.That(root.TryGetProperty("totals", out _)).IsEqualTo(command is not ("list" or "sbom"));
        // Before, pack and mirror took the unknown flag for their BUNDLE and DIR: a bundle named "--bogus" was written.
        await Assert.That(Path.Exists(Path.Combine(cli.WorkingDirectory, "--bogus"))).IsFalse();
    }

    [Test]
    public async Task Rm_Json_WhatWentAndBytesFreedDryRunFirst(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("model.bin", 5_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("get", "org/model");

        var dryRun = await cli.RunAsync("rm", "org/model", "--dry-run", "--json");
        var rm = await cli.RunAsync("rm", "model/org/model", "org/absent", "--json");

        await Assert.That(dryRun.ExitCode).IsEqualTo(0).Because(dryRun.ToString());
        await Assert.That(rm.ExitCode).IsEqualTo(0).Because(rm.ToString());
        var verdicts = await JsonSchemaValidator.ValidateAllAsync([dryRun.StdOut, rm.StdOut]);
        await Assert.That(verdicts.All(v => v.Valid)).IsTrue().Because(string.Join("\n", verdicts.Select(v => v.Errors)));
        using var would = JsonDocument.Parse(dryRun.StdOut);
        await Assert.That(would.RootElement.GetProperty("dry_run").GetBoolean()).IsTrue();
        var planned = would.RootElement.GetProperty("repos")[0];
        await Assert.That(planned.GetProperty("status").GetString()).IsEqualTo("to_remove");
        await Assert.That(planned.GetProperty("repo_id").GetString()).IsEqualTo("org/model");
        await Assert.That(planned.GetProperty("commits")[0].GetString()).IsEqualTo(repo.Commit);
        await Assert.That(planned.GetProperty("bytes_freed").GetInt64()).IsGreaterThanOrEqualTo(5_002L);
        using var done = JsonDocument.Parse(rm.StdOut);
        var repos = done.RootElement.GetProperty("repos");
        await Assert.That(repos[0].GetProperty("status").GetString()).IsEqualTo("removed");
        await Assert.That(repos[0].GetProperty("whole_repo").GetBoolean()).IsTrue();
        await Assert.That(repos[1].GetProperty("status").GetString()).IsEqualTo("not_found");
        await Assert.That(repos[1].GetProperty("message").GetString()).IsEqualTo("not in the cache");
        await Assert.That(done.RootElement.GetProperty("totals").GetProperty("bytes_freed").GetInt64()).IsEqualTo(repos[0].GetProperty("bytes_freed").GetInt64());
        await Assert.That(repos[0].GetProperty("bytes_freed").GetInt64()).IsGreaterThanOrEqualTo(5_002L);
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--model"))).IsFalse();
    }

    [Test]
    public async Task Prune_Json_TheDetachedRevisionAndItsBlobs(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("w.bin", 10_000, lfs: true).AddFile("a.json", "{}");
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("get", "org/model");
        var first = repo.Commit;
        repo.SetCommit(new string('c', 40)).AddFile("w.bin", 9_000, lfs: true);
        await cli.RunAsync("get", "org/model");

        var result = await cli.RunAsync("prune", "--json");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await AssertValidAsync(result.StdOut);
        using var document = JsonDocument.Parse(result.StdOut);
        var pruned = document.RootElement.GetProperty("repos")[0];
        await Assert.That(document.RootElement.GetProperty("command").GetString()).IsEqualTo("prune");
        await Assert.That(pruned.GetProperty("status").GetString()).IsEqualTo("removed");
        await Assert.That(pruned.GetProperty("revision").ValueKind).IsEqualTo(JsonValueKind.Null);
        await Assert.That(pruned.GetProperty("commits").EnumerateArray().Select(c => c.GetString()!).ToArray()).IsEquivalentTo([first]);
        await Assert.That(pruned.GetProperty("blob_count").GetInt32()).IsEqualTo(1);
        await Assert.That(pruned.GetProperty("bytes_freed").GetInt64()).IsGreaterThanOrEqualTo(10_000L);
    }

    [Test]
    public async Task Lock_Json_AddedThenUpgradedWithThePreviousCommit(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = ReproRepos.Add(hub);
        var before = repo.Commit;
        using var project = new ReproProject(hub.ApiUrl);
        project.Manifest(ReproRepos.Manifest);

        var first = await project.RunAsync("lock", "--json");
        var moved = ReproRepos.Push(repo, "moved");
        var upgrade = await project.RunAsync("lock", "--upgrade", "--json");

        await Assert.That(first.ExitCode).IsEqualTo(0).Because(first.ToString());
        await Assert.That(upgrade.ExitCode).IsEqualTo(0).Because(upgrade.ToString());
        await AssertValidAsync(first.StdOut);
        await AssertValidAsync(upgrade.StdOut);
        using var added = JsonDocument.Parse(first.StdOut);
        await Assert.That(added.RootElement.GetProperty("written").GetBoolean()).IsTrue();
        await Assert.That(added.RootElement.GetProperty("lock_path").GetString()).IsEqualTo(project.LockPath);
        var entry = added.RootElement.GetProperty("repos")[0];
        await Assert.That(entry.GetProperty("change").GetString()).IsEqualTo("added");
        await Assert.That(entry.GetProperty("commit").GetString()).IsEqualTo(before);
        await Assert.That(entry.GetProperty("file_count").GetInt32()).IsEqualTo(2);
        using var upgraded = JsonDocument.Parse(upgrade.StdOut);
        var moving = upgraded.RootElement.GetProperty("repos")[0];
        await Assert.That(moving.GetProperty("change").GetString()).IsEqualTo("upgraded");
        await Assert.That(moving.GetProperty("commit").GetString()).IsEqualTo(moved);
        await Assert.That(moving.GetProperty("previous_commit").GetString()).IsEqualTo(before);
        await Assert.That(upgrade.StdOut).DoesNotContain("Locked ");
    }

    [Test]
    public async Task Unpack_Json_RefChangeIsAnEnumValue(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("model.bin", 5_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        var bundle = Path.Combine(cli.Root, "m.tar.zst");
        var other = Path.Combine(cli.Root, "other");
        await cli.RunAsync("pack", bundle, "org/model");

        var first = await cli.RunAsync("unpack", bundle, "--cache-dir", other, "--json");
        var again = await cli.RunAsync("unpack", bundle, "--cache-dir", other, "--json");

        using var created = JsonDocument.Parse(first.StdOut);
        using var unchanged = JsonDocument.Parse(again.StdOut);
        var details = created.RootElement.GetProperty("repos")[0].GetProperty("unpack");
        await Assert.That(details.GetProperty("ref_change").GetString()).IsEqualTo("created");
        await Assert.That(details.GetProperty("ref_name").GetString()).IsEqualTo("main");
        await Assert.That(unchanged.RootElement.GetProperty("repos")[0].GetProperty("unpack").GetProperty("ref_change").GetString()).IsEqualTo("unchanged");
        await AssertValidAsync(first.StdOut);
    }

    private static async Task AssertValidAsync(string json)
    {
        var (valid, errors) = await JsonSchemaValidator.ValidateAsync(json);
        await Assert.That(valid).IsTrue().Because($"not valid against docs/schema/download-models.schema.json: {errors}\n{json}");
    }

    [Test]
    public async Task List_JsonFiles_SnapshotPathAndFiles(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("sub/model.bin", 5_000, lfs: true);
        using var cli = new CliHarness(hub.ApiUrl);
        await cli.RunAsync("get", "org/model");

        var plain = await cli.RunAsync("list", "--json");
        var withFiles = await cli.RunAsync("list", "--json", "--files");

        using var without = JsonDocument.Parse(plain.StdOut);
        var snapshot = without.RootElement.GetProperty("repos")[0].GetProperty("snapshots")[0];
        await Assert.That(snapshot.GetProperty("snapshot_path").GetString()).IsEqualTo(Path.Combine(cli.HubCache, "models--org--model", "snapshots", repo.Commit));
        await Assert.That(snapshot.TryGetProperty("files", out _)).IsFalse();
        using var with = JsonDocument.Parse(withFiles.StdOut);
        var files = with.RootElement.GetProperty("repos")[0].GetProperty("snapshots")[0].GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("path").GetString()!);
        await Assert.That(files.Keys).IsEquivalentTo(["config.json", "sub/model.bin"]);
        await Assert.That(files["sub/model.bin"].GetProperty("size").GetInt64()).IsEqualTo(5_000L);
        await Assert.That(files["sub/model.bin"].GetProperty("etag").GetString()).IsEqualTo(repo.Sha256Of("sub/model.bin"));
    }

    [Test]
    public async Task Docs_JsonMd_DocumentsEveryFieldAndEnumValueOfTheSchema(CancellationToken ct)
    {
        var docs = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "json.md"));
        using var schema = JsonDocument.Parse(File.ReadAllText(JsonSchemaValidator.SchemaPath));
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var values = new SortedSet<string>(StringComparer.Ordinal);
        Collect(schema.RootElement, names, values);

        await Assert.That(names.Count).IsGreaterThan(50);
        foreach (var name in names)
            await Assert.That(docs).Contains($"`{name}`").Because($"docs/json.md must document the field {name}");
        foreach (var value in values)
            await Assert.That(docs).Contains($"`{value}`").Because($"docs/json.md must document the value {value}");
    }

    /// <summary>Every property name and every enum value the schema knows, at any depth.</summary>
    private static void Collect(JsonElement element, ISet<string> names, ISet<string> values)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
                Collect(item, names, values);
            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
            return;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == "properties")
            {
                foreach (var field in property.Value.EnumerateObject())
                    names.Add(field.Name);
            }

            if (property.Name == "enum")
            {
                foreach (var value in property.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String))
                    values.Add(value.GetString()!);
            }

            Collect(property.Value, names, values);
        }
    }

    /// <summary>Every documented field is present at every level (a consumer may rely on them all).</summary>
    internal static async Task AssertShapeAsync(JsonElement root)
    {
        var (valid, errors) = await JsonSchemaValidator.ValidateAsync(root.GetRawText());
        await Assert.That(valid).IsTrue().Because($"not valid against docs/schema/download-models.schema.json: {errors}");
        await Assert.That(root.GetProperty("version").GetInt32()).IsEqualTo(1);
        await HasAllAsync(root, DocumentFields);
        await HasAllAsync(root.GetProperty("totals"), TotalsFields);
        foreach (var repo in root.GetProperty("repos").EnumerateArray())
        {
            await HasAllAsync(repo, RepoFields);
            foreach (var file in repo.GetProperty("files").EnumerateArray())
                await HasAllAsync(file, FileFields);
        }
    }

    private static async Task HasAllAsync(JsonElement element, string[] fields)
    {
        var names = element.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var field in fields)
            await Assert.That(names).Contains(field);
    }
}
