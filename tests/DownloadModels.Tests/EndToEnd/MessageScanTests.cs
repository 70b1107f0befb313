using System.Text.Json;
using System.Text.RegularExpressions;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Output.Json;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.EndToEnd;

/// <summary>
/// Every kind of message the CLI prints, scanned in the published binary: it is built with
/// UseSystemResourceKeys, so a runtime exception's Message there is a resource key ("IO_PathNotFound_Path,
/// /x") — only the native binary shows whether one leaks. Each scenario provokes one path (a bad value,
/// an unknown flag, a file where a folder belongs, a damaged bundle, a gated repo, a server error, every
/// --help...), and everything it printed, on stdout and stderr, with and without --json, must be free of
/// resource keys, .NET type names and stack traces; a JSON document must be valid against the schema (Ajv).
/// </summary>
[Category(TestCategory.Host)]
[Timeout(120_000)]
public sealed partial class MessageScanTests
{
    public static IEnumerable<string> Scenarios() =>
    [
        // Help and version: every command's whole text.
        "--help", "get --help", "pack --help", "unpack --help", "verify --help", "list --help", "mirror --help", "--version",
        "init --help", "lock --help", "sync --help", "sbom --help", "rm --help", "prune --help",
        // Values and flags typed wrong.
        "--jobs abc", "--jobs 0", "--jobs 1 --jobs 2", "--timeout x", "--retries -1", "--connections many", "--chunk-size 0",
        "--max-connections 1.5", "--whisper-modle tiny", "--whisper-model Large-v3", "--whisper-model enormous", "--only TTS",
        "--format yaml", "--progress fancy", "--json --format text", "--dry-run=maybe", "gte", "get", "get bad/id/x",
        "get org/model --repo-type datasets", "get org/model --revision ..", "list --token x", "list extra", "pack", "unpack",
        "mirror", "pack x.tar.zst --level 99", "pack x.tar.zst --threads -1", "--endpoint ftp://mirror.example", "--cache-dir=",
        "verify --repair --offline", "pack - --json", "@responsefile",
        // The file system in the way.
        "cache-dir-is-a-file", "cache-dir-is-a-file get org/model", "cache-dir-is-a-file list", "cache-dir-is-a-file unpack bundle",
        "cache-dir-is-a-file verify org/model", "cache-dir-in-proc", "no-home", "token-with-space",
        "unpack missing.tar.zst", "unpack folder", "unpack garbage", "unpack empty", "unpack truncated",
        "pack folder", "pack missing/x.tar.zst", "pack below-a-file", "mirror a-file org/model", "mirror cache-inside org/model",
        // The Hub saying no, or talking nonsense.
        "gated", "missing-repo", "missing-revision", "include-matches-nothing", "server-error", "broken-json", "broken-tree",
        "file-gone", "body-cut", "verify-corrupt", "verify-not-cached", "dry-run-unreachable", "offline-nothing-cached", "list-broken-cache",
        // hf parity and model sets: local dirs, URIs, cleanup, manifests and locks.
        "local-dir-is-a-file", "get org/model --local-dir x --cache-dir y", "uri-path-missing", "rm org/model@@x", "rm hf://org/model/a.json",
        "cache-dir-is-a-file rm org/model", "cache-dir-is-a-file prune", "manifest-broken", "manifest-missing", "lock-broken",
        "sync-frozen-no-lock", "sbom-no-lock",
    ];

    [Test]
    [MethodDataSource(nameof(Scenarios))]
    public async Task Scenario_TextAndJson_NoResourceKeyTypeNameOrStackTrace(string scenario, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        PipelineRepos.AddWhisper(hub);
        hub.AddRepo("org/model").AddFile("config.json", "{}").AddFile("model.bin", 4_000, lfs: true);
        var gated = hub.AddRepo("org/gated").AddFile("a.json", "{}").AddFile("b.json", "{ }");
        gated.Gated = true;
        using var home = new TempHome();
        var (args, run) = await SetUpAsync(scenario, hub, home);

        var text = await run.RunAsync(args);
        await AssertCleanAsync(scenario, text);
        if (args.Contains("--help") || args.Contains("--version") || args.Contains("--json"))
            return;

        var json = await run.RunAsync([.. args, "--json"]);
        await AssertCleanAsync(scenario + " --json", json);
        if (json.StdOut.Length > 0 && !args.Contains("-"))
        {
            using var document = JsonDocument.Parse(json.StdOut);
            await Assert.That(document.RootElement.GetProperty("version").GetInt32()).IsEqualTo(1).Because(json.ToString());
            await Assert.That(document.RootElement.GetProperty("exit_code").GetInt32()).IsEqualTo(json.ExitCode).Because(json.ToString());
            var (valid, errors) = await JsonSchemaValidator.ValidateAsync(json.StdOut);
            await Assert.That(valid).IsTrue().Because($"{scenario} --json: not valid against the schema: {errors}\n{json}");
        }
    }

    private static async Task AssertCleanAsync(string scenario, ProcessResult result)
    {
        var all = result.All;
        await Assert.That(all.Trim()).IsNotEmpty().Because($"{scenario}: something must be said");
        foreach (var (what, pattern) in Forbidden)
        {
            var match = pattern.Match(all);
            await Assert.That(match.Success).IsFalse().Because($"{scenario}: {what} '{(match.Success ? match.Value : "")}' in:\n{result}");
        }
    }

    private static readonly (string What, Regex Pattern)[] Forbidden =
    [
        ("a runtime resource key", ResourceKey()),
        ("a runtime resource key", LowerResourceKey()),
        ("a .NET type name", TypeName()),
        ("a stack trace", StackTrace()),
    ];

    /// <summary>IO_PathNotFound_Path, UnauthorizedAccess_IODenied_Path, ArgumentOutOfRange_NeedNonNegNum (not HF_HOME or MODEL_CACHE_DIR).</summary>
    [GeneratedRegex(@"\b[A-Z][A-Za-z]*_[A-Z][a-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*\b")]
    private static partial Regex ResourceKey();

    /// <summary>System.Net's keys: net_http_request_timedout.</summary>
    [GeneratedRegex(@"\b(?:net|sr|io)_[a-z]+_[a-z_]+\b")]
    private static partial Regex LowerResourceKey();

    [GeneratedRegex(@"\bSystem\.[A-Z]|\bMicrosoft\.[A-Z]|\bDownloadModels\.[A-Z]|\b(?:Int32|Int64|UInt64|Boolean|Double)\b|\b[A-Z][A-Za-z]*Exception\b|" +
        @"\b(?:NameResolutionError|SecureConnectionError|ConnectionError|ResponseEnded|InvalidResponse|HttpProtocolError|ProxyTunnelError|ConfigurationLimitExceeded|UserAuthenticationError)\b")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"^\s+at \S+\(|Unhandled exception", RegexOptions.Multiline)]
    private static partial Regex StackTrace();
}
