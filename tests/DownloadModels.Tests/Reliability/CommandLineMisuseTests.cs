using DownloadModels.Tests.Cli;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Reliability;

/// <summary>
/// Every invalid argument or combination: exit 1, one line on stderr that says what is valid, and not a
/// single request to the Hub (ids and revisions are checked against the Hub's naming rules first).
/// </summary>
[Timeout(60_000)]
public sealed class CommandLineMisuseTests
{
    [Test]
    [Arguments("get|org/bad name", "not a valid repository id")]
    [Arguments("get|org/a--b", "no '--' or '..'")]
    [Arguments("get|org/../etc", "not a valid repository id")]
    [Arguments("get|org/model.git", "not a valid repository id")]
    [Arguments("get|a/b/c", "use org/name")]
    [Arguments("get|/abs", "use org/name")]
    [Arguments("get|org/tab\there", "not a valid repository id")]
    [Arguments("get|org/", "use org/name")]
    [Arguments("get|", "a repository id is empty")]
    [Arguments("get|org/model|--revision|../../../etc/passwd", "'..' path segment")]
    [Arguments("get|org/model|--revision|", "the revision is empty")]
    [Arguments("get|org/model|--revision|main\nx", "control character")]
    [Arguments("get|org/model|--revision|a\\b", "backslash")]
    [Arguments("get|org/model|--revision|refs//pr/1", "empty, '.' or '..' path segment")]
    [Arguments("get|org/model|--repo-type|modle", "did you mean model?")]
    [Arguments("get|org/model|--include|", "pattern is empty")]
    [Arguments("get", "get needs REPO")]
    [Arguments("get|org/model|--only|stt", "--only")]
    [Arguments("--revision|main", "--revision")]
    [Arguments("--only|vision", "use one of stt, tts, embeddings")]
    [Arguments("--whisper-model|enormous", "use one of tiny")]
    [Arguments("--whisper-model", "--whisper-model")]
    [Arguments("--jobs|0", "between 1 and 64")]
    [Arguments("--jobs|65", "between 1 and 64")]
    [Arguments("--jobs|many", "many")]
    [Arguments("--retries|-1", "between 0 and 100")]
    [Arguments("--timeout|0", "between 1 and 3600")]
    [Arguments("--connections|0", "between 1 and 64")]
    [Arguments("--chunk-size|0", "between 1 and 4096")]
    [Arguments("--max-connections|0", "between 1 and 256")]
    [Arguments("--cache-dir|", "--cache-dir is empty")]
    [Arguments("--endpoint|ftp://mirror.example", "not an absolute http:// or https:// URL")]
    [Arguments("--endpoint|file:///etc", "not an absolute http:// or https:// URL")]
    [Arguments("--endpoint|mirror.example", "not an absolute http:// or https:// URL")]
    [Arguments("--endpoint|", "not an absolute http:// or https:// URL")]
    [Arguments("--endpoint|https://mirror.example/?token=x", "must not contain a query")]
    [Arguments("--bogus", "--help")]
    public async Task Misuse_Any_OneLineSayingWhatIsValidNoRequestExitOneOrTwo(string joinedArgs, string expected, CancellationToken ct)
    {
        await using var hub = await HubServer.StartAsync();
        hub.AddRepo("org/model").AddFile("a.txt", "a");
        using var cli = new CliHarness(hub.ApiUrl);

        var result = await cli.RunAsync(joinedArgs.Split('|'), ct);

        // The drop-in's usage errors exit 1 (its contract), a command's 2.
        await Assert.That(result.ExitCode).IsEqualTo(joinedArgs.StartsWith('-') ? 1 : 2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains(expected);
        await Assert.That(result.StdErr.TrimEnd('\n').Split('\n').Length).IsEqualTo(1).Because(result.StdErr);
        await Assert.That(result.All).DoesNotContain("   at ");
        await Assert.That(hub.Requests).IsEmpty();
        await Assert.That(Directory.Exists(Path.Combine(cli.HubCache, "models--org--model"))).IsFalse();
    }
}
