using System.Text.Json;
using System.Text.Json.Nodes;
using DownloadModels.Tests.Cli;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// <c>list --filter/--sort/--limit</c> against <c>hf cache ls</c> itself on the same cache (three repos with blob
/// times set by the test): for every expression both keep the same repos in the same order.
/// </summary>
[Category(TestCategory.Host)]
public sealed class ListQueryInteropTests
{
    private static readonly string[][] Queries =
    [
        ["--filter", "accessed>7d"], ["--filter", "accessed<1d", "--sort", "accessed"], ["--filter", "modified>=1d", "--sort", "modified:asc"],
        ["--filter", "size>=50kb"], ["--filter", "size<10000", "--sort", "size"], ["--filter", "type=dataset"], ["--filter", "refs=v1"],
        ["--filter", "type=model", "--filter", "size>1k", "--sort", "size:asc", "--limit", "1"], ["--sort", "name:desc"], ["--sort", "size"],
    ];

    [Test]
    public async Task ListQueries_ThreeRepos_SameReposInTheSameOrderAsHfCacheLs()
    {
        await using var f = await ListQueryCommandTests.ThreeRepos.StartAsync();
        var calls = Queries.Select(q => new JsonObject
        {
            ["op"] = "hf",
            ["argv"] = new JsonArray([.. new[] { "cache", "ls", "--cache-dir", f.Cli.HubCache, "--format", "json" }.Concat(q).Select(a => JsonValue.Create(a))]),
        }).ToArray();

        var run = await new PythonRun(f.Cli.Home).Cache(f.Cli.HubCache).Offline().CallsAsync(calls);

        var problems = new List<string>(run.Warnings.Concat(run.Log));
        for (var i = 0; i < Queries.Length; i++)
        {
            var ours = await f.Cli.RunAsync([.. new[] { "list", "--json" }.Concat(Queries[i])]);
            var ourIds = JsonNode.Parse(ours.StdOut)!["repos"]!.AsArray().Select(r => r!["repo_id"]!.GetValue<string>()).ToArray();
            if (InteropCalls.Value(run, i, problems) is not { } hf)
                continue;
            if (hf["exit"]!.GetValue<int>() != 0)
            {
                problems.Add($"hf cache ls {string.Join(' ', Queries[i])}: exit {hf["exit"]}\n{hf["stderr"]}");
                continue;
            }

            var theirIds = JsonSerializer.Deserialize<JsonArray>(hf["stdout"]!.GetValue<string>())!.Select(r => r!["repo_id"]!.GetValue<string>()).ToArray();
            if (!ourIds.SequenceEqual(theirIds))
                problems.Add($"{string.Join(' ', Queries[i])}: ours [{string.Join(", ", ourIds)}], hf cache ls [{string.Join(", ", theirIds)}]");
        }

        await Assert.That(problems).IsEmpty();
    }
}
