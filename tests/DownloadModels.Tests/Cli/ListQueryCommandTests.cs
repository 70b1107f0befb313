using System.Text.Json;
using HubServer = DownloadModels.Tests.FakeHub.FakeHub;

namespace DownloadModels.Tests.Cli;

/// <summary>
/// `list --filter/--sort/--limit`, hf cache ls's grammar, on a cache of three repos whose blob times the test sets:
/// org/old (read 40 days ago, 9 kB), org/big (read an hour ago, 60 kB), and the dataset org/data (read now, 2 kB, ref v1).
/// </summary>
public sealed class ListQueryCommandTests
{
    [Test]
    [Arguments("accessed>7d", "org/old")]
    [Arguments("accessed<1d", "org/big,org/data")]
    [Arguments("modified>30d", "org/old")]
    [Arguments("size>=50kb", "org/big")]
    [Arguments("size<10000", "org/data,org/old")]
    [Arguments("type=dataset", "org/data")]
    [Arguments("refs=v1", "org/data")]
    [Arguments("REFS=MAIN", "org/big,org/old")]
    public async Task ListJson_Filter_KeepsTheMatchingReposOnly(string filter, string expected)
    {
        await using var f = await ThreeRepos.StartAsync();

        var result = await f.Cli.RunAsync("list", "--filter", filter, "--json");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(string.Join(",", Ids(result.StdOut).Order(StringComparer.Ordinal))).IsEqualTo(expected);
    }

    [Test]
    [Arguments("size", "org/big,org/old,org/data")]
    [Arguments("size:asc", "org/data,org/old,org/big")]
    [Arguments("accessed", "org/data,org/big,org/old")]
    [Arguments("modified:asc", "org/old,org/big,org/data")]
    [Arguments("name:desc", "org/old,org/big,org/data")]
    public async Task ListJson_Sort_OrdersAsHfCacheLs(string sort, string expected)
    {
        await using var f = await ThreeRepos.StartAsync();

        var result = await f.Cli.RunAsync("list", "--sort", sort, "--json");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(string.Join(",", Ids(result.StdOut))).IsEqualTo(expected);
    }

    [Test]
    public async Task List_FiltersSortAndLimit_AllMustMatchThenTheFirstN()
    {
        await using var f = await ThreeRepos.StartAsync();

        var json = await f.Cli.RunAsync("list", "-f", "type=model", "-f", "size>1k", "--sort", "size:asc", "--limit", "1", "--json");
        var table = await f.Cli.RunAsync("list", "-f", "type=model", "--sort", "size:asc", "--limit", "1");

        await Assert.That(string.Join(",", Ids(json.StdOut))).IsEqualTo("org/old");
        await Assert.That(table.ExitCode).IsEqualTo(0).Because(table.ToString());
        await Assert.That(table.StdOut).Contains("org/old");
        await Assert.That(table.StdOut).DoesNotContain("org/big");
        await Assert.That(table.StdOut).Contains("1 of 3 repos shown, 1 revision,");
    }

    [Test]
    public async Task List_FilterMatchingNothing_SaysSoExitsZero()
    {
        await using var f = await ThreeRepos.StartAsync();

        var result = await f.Cli.RunAsync("list", "--filter", "size>1TB");

        await Assert.That(result.ExitCode).IsEqualTo(0).Because(result.ToString());
        await Assert.That(result.StdOut).Contains("No repo of the 3 repos in the cache matches.");
    }

    [Test]
    public async Task ListJson_Any_LastAccessedIsTheNewestReadOfItsBlobs()
    {
        await using var f = await ThreeRepos.StartAsync();

        var result = await f.Cli.RunAsync("list", "--json");

        using var doc = JsonDocument.Parse(result.StdOut);
        var old = doc.RootElement.GetProperty("repos").EnumerateArray().Single(r => r.GetProperty("repo_id").GetString() == "org/old");
        var accessed = DateTime.Parse(old.GetProperty("last_accessed").GetString()!, null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        await Assert.That(Math.Abs((accessed - ThreeRepos.Now.AddDays(-40)).TotalSeconds)).IsLessThan(2);
    }

    [Test]
    [Arguments("size>lots", "'lots' is not a size")]
    [Arguments("age>7d", "no key 'age'; use one of accessed, modified, refs, size, type")]
    [Arguments("type>model", "type takes only '='")]
    [Arguments("accessed>7 days", "is not an age")]
    [Arguments("big", "is not KEY OP VALUE")]
    public async Task List_BadFilter_OneLineExitTwo(string filter, string expected)
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var result = await cli.RunAsync("list", "--filter", filter);

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains(expected);
        await Assert.That(result.StdErr.Trim().Split('\n').Length).IsEqualTo(1).Because(result.StdErr);
    }

    [Test]
    public async Task List_BadSort_NamesTheKeys()
    {
        using var cli = new CliHarness("http://127.0.0.1:9");

        var result = await cli.RunAsync("list", "--sort", "date");

        await Assert.That(result.ExitCode).IsEqualTo(2).Because(result.ToString());
        await Assert.That(result.StdErr).Contains("KEY one of accessed, modified, name, size");
    }

    private static string[] Ids(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("repos").EnumerateArray().Select(r => r.GetProperty("repo_id").GetString()!)];
    }

    /// <summary>Three repos downloaded from the fake hub, their blobs' access and modification times set by hand.</summary>
    internal sealed class ThreeRepos : IAsyncDisposable
    {
        public static readonly DateTime Now = DateTime.UtcNow;

        private ThreeRepos(HubServer hub, CliHarness cli) => (Hub, Cli) = (hub, cli);

        public HubServer Hub { get; }

        public CliHarness Cli { get; }

        public static async Task<ThreeRepos> StartAsync()
        {
            var hub = await HubServer.StartAsync();
            hub.AddRepo("org/old").AddFile("a.bin", 9_000, lfs: true);
            hub.AddRepo("org/big").AddFile("a.bin", 60_000, lfs: true);
            hub.AddRepo("org/data", "dataset").AddFile("d.json", new string('x', 2_000));
            var cli = new CliHarness(hub.ApiUrl);
            foreach (var args in new[] { new[] { "get", "org/old" }, ["get", "org/big"], ["get", "--repo-type", "dataset", "org/data", "--revision", "main"] })
            {
                var run = await cli.RunAsync(args);
                if (run.ExitCode != 0)
                    throw new InvalidOperationException(run.ToString());
            }

            Directory.CreateDirectory(Path.Combine(cli.HubCache, "datasets--org--data", "refs"));
            File.Copy(Path.Combine(cli.HubCache, "datasets--org--data", "refs", "main"), Path.Combine(cli.HubCache, "datasets--org--data", "refs", "v1"));
            File.Delete(Path.Combine(cli.HubCache, "datasets--org--data", "refs", "main"));
            Touch(cli, "models--org--old", Now.AddDays(-40), Now.AddDays(-40));
            Touch(cli, "models--org--big", Now.AddHours(-1), Now.AddDays(-2));
            Touch(cli, "datasets--org--data", Now, Now);
            return new ThreeRepos(hub, cli);
        }

        private static void Touch(CliHarness cli, string folder, DateTime accessed, DateTime modified)
        {
            foreach (var blob in Directory.GetFiles(Path.Combine(cli.HubCache, folder, "blobs")))
            {
                File.SetLastWriteTimeUtc(blob, modified);
                File.SetLastAccessTimeUtc(blob, accessed);
            }
        }

        public async ValueTask DisposeAsync()
        {
            Cli.Dispose();
            await Hub.DisposeAsync();
        }
    }
}
