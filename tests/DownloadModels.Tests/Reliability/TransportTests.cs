using System.Diagnostics;
using System.Net.Sockets;
using DownloadModels.Hub;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// TLS is always verified and nothing turns it off; plain http to a host that is not loopback warns; a dead
/// endpoint (refused, unresolvable, bad TLS) fails fast in one line naming the endpoint and the proxy in use,
/// and a name that does not resolve is not retried.
/// </summary>
[Category(TestCategory.Host)]
[Timeout(60_000)]
public sealed class TransportTests
{
    [Test]
    public async Task Tls_UntrustedCertificate_FailsFastWithoutRetryInOneLine(CancellationToken ct)
    {
        await using var server = new TlsTestServer();
        using var cli = new CliHarness(server.Url);
        var clock = Stopwatch.StartNew();

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains($"could not reach {server.Url}");
        await Assert.That(result.StdErr).Contains("TLS handshake failed");
        await Assert.That(result.All).DoesNotContain("   at ");
        await Assert.That(server.Connections).IsEqualTo(1);
        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task Tls_NoOptionOrVariableTurnsVerificationOff(CancellationToken ct)
    {
        using var cli = new CliHarness();

        var help = await cli.RunAsync("--help");
        var getHelp = await cli.RunAsync("get", "--help");

        foreach (var text in new[] { help.StdOut, getHelp.StdOut })
        {
            foreach (var word in new[] { "insecure", "no-verify", "no-check-certificate", "ssl", "skip-tls", "verify-tls" })
                await Assert.That(text.ToLowerInvariant()).DoesNotContain(word);
        }
    }

    [Test]
    [Arguments("http://mirror.example", true)]
    [Arguments("http://10.1.2.3:8080", true)]
    [Arguments("https://mirror.example", false)]
    [Arguments("http://127.0.0.1:9", false)]
    [Arguments("http://localhost:9", false)]
    [Arguments("http://[::1]:9", false)]
    public async Task PlainHttpEndpoint_NotLoopback_Warns(string endpoint, bool warns, CancellationToken ct)
    {
        using var cli = new CliHarness(endpoint);

        // Offline: the endpoint is validated and the warning printed, but no packet leaves the machine.
        var result = await cli.RunAsync(["get", "org/model", "--offline"], ct);

        await Assert.That(result.StdErr.Contains("plain http", StringComparison.Ordinal)).IsEqualTo(warns).Because(result.StdErr);
    }

    [Test]
    public async Task DeadEndpoint_BehindDeadProxy_OneLineNamingEndpointAndProxyWithoutItsPassword(CancellationToken ct)
    {
        using var home = new TempHome();
        var clock = Stopwatch.StartNew();

        var result = await home.Run()
            .Env("HF_ENDPOINT", "http://hub.invalid")
            .Env("HTTP_PROXY", "http://user:proxy-password@127.0.0.1:9")
            .RunAsync(["get", "org/model", "--retries", "1"], TimeSpan.FromSeconds(60), null);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("could not reach http://hub.invalid through proxy http://127.0.0.1:9");
        await Assert.That(result.All).DoesNotContain("proxy-password");
        await Assert.That(result.All).DoesNotContain("   at ");
        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(15));
    }

    [Test]
    public async Task NetworkErrors_NameDoesNotResolve_NotRetriedAndDescribedInOneLine(CancellationToken ct)
    {
        var dns = new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (hub.invalid:443)", new SocketException((int)SocketError.HostNotFound));

        var described = NetworkErrors.Describe(dns, new Uri("https://hub.invalid"), "org/model@main");

        await Assert.That(RetryPolicy.IsTransient(dns, CancellationToken.None)).IsFalse();
        await Assert.That(described.Message).IsEqualTo("org/model@main: could not reach https://hub.invalid (the host name does not resolve); check the network and --endpoint/HF_ENDPOINT.");
    }
}
