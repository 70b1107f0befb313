using System.Diagnostics;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// The token goes only to the endpoint's own scheme, host and port (also after redirects), is never printed
/// (not even when a server echoes it back), is refused up front when it cannot travel in a header, and is read
/// from a token file only when that is a regular file.
/// </summary>
[Timeout(60_000)]
public sealed class TokenTests
{
    private const string Token = "hf_RelIaBiLiTySeCrEt0123456789";

    [Test]
    public async Task Token_RedirectToSamePortOtherHostName_NotSent(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.ValidTokens.Add(Token);
        var repo = hub.AddRepo("org/model").AddFile("a.txt", "hello");
        var port = new Uri(hub.ApiUrl).Port;
        // Same scheme and port, but "localhost" is another origin than "127.0.0.1": the token must stay behind.
        hub.Faults.Answer(CustomAnswer.Redirect($"http://localhost:{port}/api/resolve-cache/models/org/model/{repo.Commit}/a.txt", 307), pathContains: "/resolve/");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model", "--token", Token], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        var toOtherHost = hub.Requests.Where(r => r.Header("Host")?.StartsWith("localhost", StringComparison.Ordinal) == true).ToArray();
        await Assert.That(toOtherHost).IsNotEmpty();
        await Assert.That(toOtherHost.All(r => r.Header("Authorization") is null)).IsTrue();
        await Assert.That(hub.Requests.Where(r => r.PathAndQuery.Contains("/revision/", StringComparison.Ordinal)).All(r => r.Header("Authorization") == $"Bearer {Token}")).IsTrue();
        await Assert.That(CacheCheck.Problems(cli.HubCache, repo)).IsEmpty();
    }

    [Test]
    [Arguments("hf_bad\ntoken_" + "XyZ")]
    [Arguments("hf_tökén_XyZ")]
    [Arguments("hf_spaces in token_XyZ")]
    public async Task Token_NotAValidHeaderValue_ClearErrorThatNeverShowsIt(string token, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.txt", "hello");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model", "--token", token], ct);

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.All).DoesNotContain("XyZ");
        await Assert.That(result.All).DoesNotContain("   at ");
        await Assert.That(result.StdErr).Contains("the token from --token");
        await Assert.That(hub.Requests).IsEmpty();
    }

    [Test]
    [Arguments(401)]
    [Arguments(403)]
    [Arguments(500)]
    public async Task Token_AnyErrorAnswer_NeverPrinted(int status, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.txt", "hello");
        // A hostile or buggy server echoing the request's Authorization header into its error text.
        hub.Faults.Answer(CustomAnswer.Json($$"""{"error": "bad credentials Bearer {{Token}}"}""", status).WithHeader("X-Error-Message", $"Bearer {Token}"), pathContains: "/revision/");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(["get", "org/model", "--token", Token, "--retries", "1"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(1).Because(result.ToString());
        await Assert.That(result.All).DoesNotContain(Token);
    }

    [Test]
    public async Task TokenFile_IsAFifo_IgnoredWithoutBlockingAndNothingSent(CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.txt", "hello");
        using var cli = new CliHarness(hub.ApiUrl);
        var fifo = Path.Combine(cli.Root, "token-fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
            await mkfifo.WaitForExitAsync(ct);
        cli.Env("HF_TOKEN_PATH", fifo);

        var result = await cli.RunAsync(["get", "org/model"], ct);

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(hub.Requests.All(r => r.Header("Authorization") is null)).IsTrue();
    }
}
