using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.FakeHubTests;

/// <summary>The fake's history: several commits per repo, old ones reachable by hash, branches that stay or move.</summary>
public sealed class HistoryTests
{
    private const string Second = "2222222222222222222222222222222222222222";
    private const string Third = "3333333333333333333333333333333333333333";

    private static async Task<string> ShaAsync(HttpClient http, HubServer hub, string revision)
    {
        using var response = await http.SendAsync($"{hub.ApiUrl}/api/models/org/model/revision/{Uri.EscapeDataString(revision)}");
        return (await response.JsonAsync())["sha"]!.GetValue<string>();
    }

    [Test]
    public async Task History_TwoPushes_ListsThreeCommitsOldestFirst()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.txt", "1");
        var first = repo.Commit;

        repo.SetCommit(Second).SetCommit(Third);

        await Assert.That(repo.History).IsEquivalentTo([first, Second, Third], TUnit.Assertions.Enums.CollectionOrdering.Matching);
    }

    [Test]
    public async Task OldCommit_AfterPush_StillServesItsOwnFiles()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.txt", "old");
        var first = repo.Commit;
        repo.SetCommit(Second).AddFile("a.txt", "new");
        using var http = HubHttp.Client();

        using var old = await http.FollowAsync($"{hub.ApiUrl}/org/model/resolve/{first}/a.txt");
        using var current = await http.FollowAsync($"{hub.ApiUrl}/org/model/resolve/main/a.txt");

        await Assert.That(await old.Content.ReadAsStringAsync()).IsEqualTo("old");
        await Assert.That(await current.Content.ReadAsStringAsync()).IsEqualTo("new");
        await Assert.That(await ShaAsync(http, hub, first)).IsEqualTo(first);
    }

    [Test]
    public async Task PinBranch_LaterPush_BranchStaysWhileMainMoves()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.txt", "1");
        var first = repo.Commit;
        repo.PinBranch("stable", first).SetCommit(Second);
        using var http = HubHttp.Client();

        await Assert.That(await ShaAsync(http, hub, "stable")).IsEqualTo(first);
        await Assert.That(await ShaAsync(http, hub, "main")).IsEqualTo(Second);
        await Assert.That(() => repo.PinBranch("x", Third)).Throws<ArgumentException>();
    }

    [Test]
    public async Task AfterNextRevisionAnswer_BranchMovesBetweenTwoRequests()
    {
        await using var hub = await HubServer.StartAsync();
        var repo = hub.AddRepo("org/model").AddFile("a.txt", "1");
        var first = repo.Commit;
        repo.AfterNextRevisionAnswer(r => r.SetCommit(Second));
        using var http = HubHttp.Client();

        var before = await ShaAsync(http, hub, "main");
        var after = await ShaAsync(http, hub, "main");
        var third = await ShaAsync(http, hub, "main");

        await Assert.That(before).IsEqualTo(first);
        await Assert.That(after).IsEqualTo(Second);
        await Assert.That(third).IsEqualTo(Second).Because("the push runs once");
    }
}
