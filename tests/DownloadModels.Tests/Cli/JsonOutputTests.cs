using System.Text.Json;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>
/// --format json (--json): one versioned document on stdout per run, for the drop-in, get, --dry-run,
/// verify, pack, unpack and mirror; nothing else on stdout; per repo its id, type, revision, commit, snapshot
/// path, status and error; per file its path, size, etag and outcome; byte totals. The shape is README's.
/// </summary>
[Timeout(60_000)]
public sealed class JsonOutputTests
{
    /// <summary>The fields README documents, level by level: a run may carry more (fields are only ever added), never fewer.</summary>
    public static readonly string[] DocumentFields = ["version", "command", "ok", "exit_code", "error", "dry_run", "offline", "cache_dir", "elapsed_seconds", "repos", "totals"];
    public static readonly string[] RepoFields = ["label", "repo_id", "repo_type", "revision", "commit", "snapshot_path", "status", "error", "errors", "bytes", "bytes_cached", "bytes_fetched", "bytes_to_fetch", "bytes_reused", "files"];
    public static readonly string[] FileFields = ["path", "size", "etag", "lfs", "status", "bytes_fetched", "resumed_from", "retries", "error", "transport", "bytes_reused", "bytes_to_fetch"];
    public static readonly string[] TotalsFields = ["repos", "failed", "files", "bytes", "bytes_cached", "bytes_fetched", "bytes_to_fetch", "bytes_reused"];

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
        await Assert.That(root.GetProperty("totals").GetProperty("repos").GetInt32()).IsEqualTo(3);
        await Assert.That(root.GetProperty("totals").GetProperty("failed").GetInt32()).IsEqualTo(0);
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
        await Assert.That(statuses["model.bin"]).IsEqualTo("to-fetch");
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
        await Assert.That(result.StdErr).Contains(root.GetProperty("error").GetString()!);
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
        await Assert.That(snapshot.GetProperty("path").GetString()).IsEqualTo(Path.Combine(cli.HubCache, "models--org--model", "snapshots", repo.Commit));
        await Assert.That(snapshot.TryGetProperty("file_list", out _)).IsFalse();
        using var with = JsonDocument.Parse(withFiles.StdOut);
        var files = with.RootElement.GetProperty("repos")[0].GetProperty("snapshots")[0].GetProperty("file_list").EnumerateArray()
            .ToDictionary(f => f.GetProperty("path").GetString()!);
        await Assert.That(files.Keys).IsEquivalentTo(["config.json", "sub/model.bin"]);
        await Assert.That(files["sub/model.bin"].GetProperty("size").GetInt64()).IsEqualTo(5_000L);
        await Assert.That(files["sub/model.bin"].GetProperty("blob").GetString()).IsEqualTo(repo.Sha256Of("sub/model.bin"));
    }

    [Test]
    public async Task Readme_JsonSection_DocumentsEveryFieldTheRunsWrite(CancellationToken ct)
    {
        var readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "json.md"));
        var section = readme[readme.IndexOf("## Output for programs", StringComparison.Ordinal)..];
        section = section.IndexOf("\n## ", 3, StringComparison.Ordinal) is var end and > 0 ? section[..end] : section;

        foreach (var field in DocumentFields.Concat(RepoFields).Concat(FileFields).Concat(TotalsFields)
            .Concat(["plan", "verify", "unpack", "mirror", "bundle", "source", "hub_unreachable", "complete", "missing_optional", "checked_against",
                "problems", "notes", "bytes_hashed", "repaired", "blobs_added", "bytes_added", "blobs_present", "bytes_present", "ref_change",
                "linked", "copied", "present", "served", "not_world_readable", "blob_bytes", "root", "nginx_include"]))
            await Assert.That(section).Contains($"\"{field}\"").Because($"docs/json.md must document {field}");
    }

    /// <summary>Every documented field is present at every level (a consumer may rely on them all).</summary>
    internal static async Task AssertShapeAsync(JsonElement root)
    {
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
