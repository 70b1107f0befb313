using System.Text.Json.Nodes;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// A tree listing whose paths or hashes would name something outside the snapshot (or the blobs folder)
/// is refused as a whole before anything is written: no request for any file, no folder for the repo.
/// </summary>
[Timeout(60_000)]
public sealed class HostileListingTests
{
    [Test]
    [Arguments("../escape.txt")]
    [Arguments("a/../../escape.txt")]
    [Arguments("/etc/passwd")]
    [Arguments("a\\..\\..\\escape.txt")]
    [Arguments("a//b.txt")]
    [Arguments("a/./b.txt")]
    [Arguments("a/")]
    [Arguments("..")]
    [Arguments(".")]
    [Arguments("")]
    [Arguments("a\0b.txt")]
    [Arguments("a\nb.txt")]
    [Arguments("bell\u0007.txt")]
    [Arguments("esc\u001b[31m.txt")]
    [Arguments("del\u007f.txt")]
    public async Task TreeListing_UnsafePath_RefusedBeforeAnythingIsWritten(string path, CancellationToken ct)
    {
        var (result, hub, cli) = await RunWithListingAsync(TreeJson.Regular("config.json"), TreeJson.Regular(path), ct);
        await using var _ = hub;
        using var __ = cli;

        await AssertRefusedAsync(result, hub, cli, "refusing unsafe path");
        await Assert.That(result.All).DoesNotContain("\0");
        await Assert.That(result.All).DoesNotContain("\u001b");
    }

    [Test]
    [Arguments(300, 1)]
    [Arguments(200, 30)]
    public async Task TreeListing_OverlongName_Refused(int segmentLength, int segments, CancellationToken ct)
    {
        var path = string.Join('/', Enumerable.Repeat(new string('x', segmentLength), segments));
        var (result, hub, cli) = await RunWithListingAsync(TreeJson.Regular("config.json"), TreeJson.Regular(path), ct);
        await using var _ = hub;
        using var __ = cli;

        await AssertRefusedAsync(result, hub, cli, "refusing unsafe path");
        await Assert.That(result.All.Length).IsLessThan(2000);
    }

    [Test]
    [Arguments("../../../../tmp/x")]
    [Arguments("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [Arguments("0123456789abcdef0123456789abcdef0123456")]
    public async Task TreeListing_GitOidNotFortyLowercaseHex_Refused(string oid, CancellationToken ct)
    {
        var (result, hub, cli) = await RunWithListingAsync(TreeJson.Regular("config.json", oid: oid), ct);
        await using var _ = hub;
        using var __ = cli;

        await AssertRefusedAsync(result, hub, cli, "invalid git oid");
    }

    [Test]
    [Arguments("../../../../tmp/evil")]
    [Arguments("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD")]
    [Arguments("short")]
    public async Task TreeListing_LfsShaNotSixtyFourLowercaseHex_Refused(string sha, CancellationToken ct)
    {
        var (result, hub, cli) = await RunWithListingAsync(TreeJson.Lfs("w.bin", 10, sha), ct);
        await using var _ = hub;
        using var __ = cli;

        await AssertRefusedAsync(result, hub, cli, "invalid LFS sha256");
    }

    [Test]
    public async Task TreeListing_SamePathTwice_Refused(CancellationToken ct)
    {
        var (result, hub, cli) = await RunWithListingAsync(TreeJson.Regular("config.json"), TreeJson.Lfs("config.json", 10), ct);
        await using var _ = hub;
        using var __ = cli;

        await AssertRefusedAsync(result, hub, cli, "twice");
    }

    [Test]
    [Arguments("""[{"type": "file", "path": "a.txt", "oid": "0123456789abcdef0123456789abcdef01234567"}]""", "lacks")]
    [Arguments("""[{"type": "file", "path": "a.txt", "oid": "0123456789abcdef0123456789abcdef01234567", "size": -5}]""", "lacks")]
    [Arguments("""[{"type": "symlink", "path": "a.txt", "oid": "0123456789abcdef0123456789abcdef01234567", "size": 5}]""", "lacks")]
    [Arguments("""[{"path": "a.txt", "oid": "0123456789abcdef0123456789abcdef01234567", "size": 5}]""", "lacks")]
    [Arguments("""[{"type": "file", "path": "a.txt", "oid": "0123456789abcdef0123456789abcdef01234567", "size": "5"}]""", "JSON this tool cannot read")]
    [Arguments("""[{"type": "file", "path": 7, "oid": "0123456789abcdef0123456789abcdef01234567", "size": 5}]""", "JSON this tool cannot read")]
    [Arguments("""[{"type": "file", "path": "a.txt", "oid": "0123456789abcdef0123456789abcdef01234567", "size": 5, "lfs": {"oid": "x"}}]""", "invalid LFS")]
    [Arguments("""{"error": "not a list"}""", "JSON this tool cannot read")]
    [Arguments("""[1, 2, 3]""", "JSON this tool cannot read")]
    [Arguments("[{\"type\": \"file\", \"path\": \"a.txt\"", "JSON this tool cannot read")]
    [Arguments("""<html>Bad gateway</html>""", "JSON this tool cannot read")]
    [Arguments("", "JSON this tool cannot read")]
    public async Task TreeListing_MalformedOrWrongTypes_ClearErrorNothingWritten(string body, string expected, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.txt", "hello");
        hub.Faults.Answer(CustomAnswer.Json(body), pathContains: "/tree/");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await AssertRefusedAsync(result, hub, cli, expected);
    }

    private static async Task<(Tests.EndToEnd.ProcessResult, HubServer, CliHarness)> RunWithListingAsync(JsonObject first, JsonObject second, CancellationToken ct) =>
        await RunWithListingAsync(ct, first, second);

    private static async Task<(Tests.EndToEnd.ProcessResult, HubServer, CliHarness)> RunWithListingAsync(JsonObject only, CancellationToken ct) =>
        await RunWithListingAsync(ct, only);

    private static async Task<(Tests.EndToEnd.ProcessResult, HubServer, CliHarness)> RunWithListingAsync(CancellationToken ct, params JsonObject[] entries)
    {
        var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("config.json", "{}");
        hub.Faults.Answer(TreeJson.Answer(entries), pathContains: "/tree/");
        var cli = new CliHarness(hub.ApiUrl);
        return (await cli.RunAsync(["get", "org/model"], ct), hub, cli);
    }

    /// <summary>Exit 1 (one model failed) with a one-line reason; no file was requested; the repo has no folder at all.</summary>
    private static async Task AssertRefusedAsync(Tests.EndToEnd.ProcessResult result, HubServer hub, CliHarness cli, string expected)
    {
        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains(expected);
        await Assert.That(result.All).DoesNotContain("   at ");
        await Assert.That(hub.Requests.Where(r => r.Host == FakeHost.Cdn || r.PathAndQuery.Contains("resolve", StringComparison.Ordinal))).IsEmpty();
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--model"))).IsFalse();
        await Assert.That(Directory.Exists(Path.Combine(cli.Root, "escape.txt")) || File.Exists(Path.Combine(cli.HubCache, "escape.txt"))).IsFalse();
        // Only one tree request: a refusal is not a transient error worth repeating.
        await Assert.That(hub.Requests.Count(r => r.PathAndQuery.Contains("/tree/", StringComparison.Ordinal))).IsEqualTo(1);
    }
}
