using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using DownloadModels.Tests.Tls;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Doctor;

/// <summary>
/// `doctor` in-process against the fake hub: a line per check with what to do when it fails, exit 0 only when none
/// failed (1 otherwise); a reachable hub, a closed port, TLS the CA store does not trust, valid and invalid tokens,
/// a stalled endpoint (the deadline holds), offline, a cache with a file in its way and one with a broken link, JSON.
/// </summary>
[Timeout(60_000)]
public sealed class DoctorTests
{
    private const string Probe = "org/model";

    private static HubServer WithProbeRepo(HubServer hub)
    {
        hub.AddRepo(Probe).AddFile("config.json", "{}").AddFile("model.safetensors", 300_000, lfs: true);
        return hub;
    }

    private static string Line(string output, string check) =>
        output.Split('\n').FirstOrDefault(l => l.Length > 6 && l[6..].StartsWith(check + " ", StringComparison.Ordinal)) ?? $"(no {check} line)";

    [Test]
    public async Task Doctor_ReachableHubValidToken_EveryCheckPassesNamingTheUser(CancellationToken ct)
    {
        await using var hub = WithProbeRepo(await HubServer.StartAsync()).AddUser("alice", "hf_alice");
        using var cli = new CliHarness(hub.ApiUrl);
        cli.Env("HF_TOKEN", "hf_alice");

        var result = await cli.RunAsync(["doctor", "--repo", Probe], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Line(result.StdOut, "endpoint")).StartsWith("ok").Because(result.StdOut);
        await Assert.That(Line(result.StdOut, "token")).Contains("user alice").Because(result.StdOut);
        await Assert.That(Line(result.StdOut, "token")).Contains("from HF_TOKEN");
        await Assert.That(Line(result.StdOut, "repo")).Contains("model.safetensors");
        // The CDN the resolve redirect names (the fake's own CDN port) served a byte.
        await Assert.That(Line(result.StdOut, "cdn")).StartsWith("ok");
        await Assert.That(Line(result.StdOut, "cdn")).Contains(hub.CdnUrl);
        await Assert.That(Line(result.StdOut, "tls")).StartsWith("skip");
        await Assert.That(Line(result.StdOut, "cache_write")).StartsWith("ok");
        await Assert.That(result.StdOut).Contains("0 failed");
        // The token went to the endpoint only.
        await Assert.That(hub.Cas.RequestsCarrying("hf_alice")).IsEmpty();
        await Assert.That(hub.ServerErrors).IsEmpty();
    }

    [Test]
    public async Task Doctor_InvalidToken_FailsTheTokenLineWithWhatToDo(CancellationToken ct)
    {
        await using var hub = WithProbeRepo(await HubServer.StartAsync()).AddUser("alice", "hf_alice");
        using var cli = new CliHarness(hub.ApiUrl);
        cli.Env("HF_TOKEN", "hf_revoked");

        var result = await cli.RunAsync(["doctor", "--repo", Probe], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        var token = Line(result.StdOut, "token");
        await Assert.That(token).StartsWith("FAIL");
        await Assert.That(token).Contains("401");
        await Assert.That(token).Contains("to fix: create a token at " + hub.ApiUrl + "/settings/tokens");
        await Assert.That(result.StdOut).DoesNotContain("hf_revoked");
    }

    [Test]
    public async Task Doctor_NoToken_TokenSkippedNotFailed(CancellationToken ct)
    {
        await using var hub = WithProbeRepo(await HubServer.StartAsync());
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["doctor", "--repo", Probe], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(Line(result.StdOut, "token")).StartsWith("skip");
        await Assert.That(Line(result.StdOut, "token")).Contains("not set");
    }

    [Test]
    public async Task Doctor_ClosedPort_EndpointFailsNetworkStepsSkipped(CancellationToken ct)
    {
        using var cli = new CliHarness($"http://127.0.0.1:{LoopbackPort.Free()}");

        var result = await cli.RunAsync(["doctor"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        var endpoint = Line(result.StdOut, "endpoint");
        await Assert.That(endpoint).StartsWith("FAIL");
        await Assert.That(endpoint).Contains("could not be reached");
        await Assert.That(endpoint).Contains("to fix: check the network");
        await Assert.That(Line(result.StdOut, "cdn")).StartsWith("skip");
        await Assert.That(Line(result.StdOut, "xet_cas")).StartsWith("skip");
    }

    [Test]
    public async Task Doctor_CertificateNotTrusted_TlsFailsNamingSslCertFile(CancellationToken ct)
    {
        // The test CA is in no system store: the handshake is refused as a corporate proxy's re-signed TLS would be.
        using var ca = new TestCertificateAuthority();
        using var certificate = ca.IssueServer();
        await using var hub = WithProbeRepo(await HubServer.StartAsync(null, certificate));
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["doctor", "--repo", Probe], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(Line(result.StdOut, "endpoint")).StartsWith("ok");
        var tls = Line(result.StdOut, "tls");
        await Assert.That(tls).StartsWith("FAIL").Because(result.StdOut);
        await Assert.That(tls).Contains("SSL_CERT_FILE");
        await Assert.That(Line(result.StdOut, "repo")).StartsWith("skip");
    }

    [Test]
    public async Task Doctor_EndpointStalls_AnswersWithinTheDeadline(CancellationToken ct)
    {
        // A server that takes the connection and never answers (the listen backlog completes the handshake).
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var cli = new CliHarness($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        var clock = Stopwatch.StartNew();

        var result = await cli.RunAsync(["doctor", "--timeout", "1"], ct);

        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(20)).Because(result.ToString());
        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(Line(result.StdOut, "endpoint")).Contains("no answer within 1 s").Because(result.StdOut);
    }

    [Test]
    public async Task Doctor_Offline_SaysWhatItSkipsAndChecksTheCache(CancellationToken ct)
    {
        await using var hub = WithProbeRepo(await HubServer.StartAsync());
        using var cli = new CliHarness(hub.ApiUrl);
        cli.Env("HF_HUB_OFFLINE", "1");

        var result = await cli.RunAsync(["doctor"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        foreach (var check in new[] { "endpoint", "tls", "cdn", "xet_cas", "token" })
            await Assert.That(Line(result.StdOut, check)).Contains("skip").And.Contains("offline");
        await Assert.That(Line(result.StdOut, "cache_write")).StartsWith("ok");
        await Assert.That(hub.Requests).IsEmpty();
    }

    [Test]
    public async Task Doctor_FileWhereTheCacheGoes_CacheWriteFails(CancellationToken ct)
    {
        await using var hub = WithProbeRepo(await HubServer.StartAsync());
        using var cli = new CliHarness(hub.ApiUrl);
        Directory.CreateDirectory(cli.HfHome);
        await File.WriteAllTextAsync(cli.HubCache, "not a folder", ct);

        var result = await cli.RunAsync(["doctor", "--repo", Probe], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        var write = Line(result.StdOut, "cache_write");
        await Assert.That(write).StartsWith("FAIL");
        await Assert.That(write).Contains("is a file");
    }

    [Test]
    public async Task Doctor_DanglingLinkInTheCache_HealthFailsNamingVerifyRepair(CancellationToken ct)
    {
        await using var hub = WithProbeRepo(await HubServer.StartAsync());
        var repo = hub.FindRepo(Probe)!;
        using var cli = new CliHarness(hub.ApiUrl);
        await Assert.That((await cli.RunAsync(["get", Probe], ct)).ExitCode).IsEqualTo(0);
        File.Delete(Path.Combine(cli.HubCache, "models--org--model", "blobs", repo.Sha256Of("model.safetensors")));

        var result = await cli.RunAsync(["doctor", "--repo", Probe], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        var health = Line(result.StdOut, "cache_health");
        await Assert.That(health).StartsWith("FAIL");
        await Assert.That(health).Contains("dangling-link");
        await Assert.That(health).Contains("verify --all --repair");
    }

    [Test]
    public async Task Doctor_Json_OneDocumentWithEveryCheck(CancellationToken ct)
    {
        await using var hub = WithProbeRepo(await HubServer.StartAsync()).AddUser("alice", "hf_alice");
        using var cli = new CliHarness(hub.ApiUrl);
        cli.Env("HF_TOKEN", "hf_wrong");

        var result = await cli.RunAsync(["doctor", "--repo", Probe, "--json"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("\"elapsed_ms\"").Because(result.StdOut);
        var document = JsonNode.Parse(result.StdOut)!;
        await Assert.That(document["command"]!.GetValue<string>()).IsEqualTo("doctor");
        await Assert.That(document["ok"]!.GetValue<bool>()).IsFalse();
        await Assert.That(document["exit_code"]!.GetValue<int>()).IsEqualTo(1);
        var checks = document["checks"]!.AsArray();
        var token = checks.Single(c => c!["name"]!.GetValue<string>() == "token")!;
        await Assert.That(token["status"]!.GetValue<string>()).IsEqualTo("fail");
        await Assert.That(token["fix"]!.GetValue<string>()).Contains("settings/tokens");
        var endpoint = checks.Single(c => c!["name"]!.GetValue<string>() == "endpoint")!;
        await Assert.That(endpoint["status"]!.GetValue<string>()).IsEqualTo("ok");
        await Assert.That(endpoint["elapsed_ms"]!.GetValue<long>()).IsGreaterThanOrEqualTo(0).Because(result.StdOut);
        await Assert.That(checks.Select(c => c!["status"]!.GetValue<string>()).Distinct().Except(["ok", "fail", "skip"])).IsEmpty();
    }
}
