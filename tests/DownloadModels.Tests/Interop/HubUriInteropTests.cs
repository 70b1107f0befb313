using System.Text.Json.Nodes;
using DownloadModels.Repos;
using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Interop;

/// <summary>
/// Our reading of hf:// URIs and web URLs against huggingface_hub's <c>parse_hf_uri</c>, URI by URI: the same type,
/// repo id, revision and path, and the same refusals. Where we are stricter on purpose it says so: kernels and buckets
/// (which download-models does not fetch).
/// </summary>
[Category(TestCategory.Host)]
public sealed class HubUriInteropTests
{
    private const string Endpoint = "http://hub.example.internal:8080/hf";

    /// <summary>(text, endpoint) pairs: huggingface_hub's documented forms, the web routes, encodings, and malformed ones.</summary>
    private static readonly (string Text, string? Endpoint)[] Samples =
    [
        ("hf://my-org/my-model", null),
        ("hf://models/my-org/my-model", null),
        ("hf://datasets/my-org/my-dataset", null),
        ("hf://spaces/my-org/my-space/app.py", null),
        ("hf://datasets/my-org/my-dataset@v1.0/data/", null),
        ("hf://datasets/my-org/my-dataset@refs/pr/3/train.json", null),
        ("hf://my-org/my-model@refs/convert/parquet/default/train/0.parquet", null),
        ("hf://my-org/my-model@refs/pr/12", null),
        ("hf://my-org/my-model@feature%2Ffoo/config.json", null),
        ("hf://my-org/my-model@main", null),
        ("hf://my-org/my-model/folder/file@1.txt", null),
        ("hf://my-org/my-model/sub/dir/", null),
        ("hf://my-org/my-model@0123456789abcdef0123456789abcdef01234567/x.bin", null),
        ("https://huggingface.co/my-org/my-model", null),
        ("https://huggingface.co/datasets/my-org/my-dataset/blob/main/train.csv", null),
        ("https://huggingface.co/my-org/my-model/tree/main/sub", null),
        ("https://huggingface.co/my-org/my-model/resolve/main/config.json?download=true", null),
        ("https://huggingface.co/my-org/my-model/raw/v2/README.md#usage", null),
        ("https://huggingface.co/my-org/my-model/blame/main/a.py", null),
        ("https://huggingface.co/my-org/my-model/tree", null),
        ("https://hf.co/spaces/my-org/my-space", null),
        ("https://huggingface.co/my-org/my-model/blob/refs%2Fpr%2F1/file%20name.txt", null),
        ("https://huggingface.co/my-org/my-model/blob/refs/pr/1/x.json", null),
        ("huggingface.co/my-org/my-model/blob/main/x.json", null),
        ("HTTPS://HuggingFace.co/my-org/my-model", null),
        ("http://hub.example.internal:8080/hf/my-org/my-model/blob/main/x.json", Endpoint),
        ("http://hub.example.internal:8080/hf/datasets/my-org/d", Endpoint),
        // Refused by both.
        ("hf://", null),
        ("hf://gpt2", null),
        ("hf://model/my-org/my-model", null),
        ("hf://datasets", null),
        ("hf://my-org/my-model@", null),
        ("hf://my-org/my-model/a//b", null),
        ("hf://a/b/c@main", null),
        ("https://huggingface.co/my-org", null),
        ("https://huggingface.co/my-org/my-model/discussions/3", null),
        ("https://example.com/my-org/my-model", null),
        ("http://hub.example.internal:8080/hf/my-org/my-model", null),
    ];

    /// <summary>Types huggingface_hub parses that download-models refuses: it downloads models, datasets and spaces only.</summary>
    private static readonly (string Text, string? Endpoint)[] Unsupported =
    [
        ("hf://kernels/my-org/my-kernel", null),
        ("hf://buckets/my-org/my-bucket/sub", null),
    ];

    [Test]
    public async Task Parse_EverySample_AgreesWithParseHfUri()
    {
        using var home = new TempHome();
        var all = Samples.Concat(Unsupported).ToArray();

        var run = await new PythonRun(home.Path).CallsAsync([.. all.Select(s => new JsonObject { ["op"] = "parse_hf_uri", ["uri"] = s.Text, ["endpoint"] = s.Endpoint })]);

        var problems = new List<string>(run.Warnings.Concat(run.Log));
        if (run.ExitCode != 0)
            PipelineLoads.FailOn(run, [$"hf_calls.py failed:\n{run.StdErr}"]);
        foreach (var ((text, endpoint), i) in all.Select((s, i) => (s, i)))
        {
            var theirs = run.Result.AsArray()[i]!;
            var ok = HubUri.TryParse(text, endpoint is null ? null : new Uri(endpoint), out var ours, out var error);
            var theirsOk = theirs["ok"]!.GetValue<bool>();
            if (Unsupported.Contains((text, endpoint)))
            {
                if (!theirsOk || ok || !error.Contains("not supported", StringComparison.Ordinal))
                    problems.Add($"{text}: huggingface_hub {(theirsOk ? "parses" : "refuses")} it, we must refuse it as not supported ({error})");
                continue;
            }

            if (!theirsOk)
            {
                if (ok)
                    problems.Add($"{text}: huggingface_hub refuses it ({theirs["message"]}), we read {ours}");
                continue;
            }

            if (!ok)
            {
                problems.Add($"{text}: huggingface_hub reads {theirs["value"]!.ToJsonString()}, we refuse it: {error}");
                continue;
            }

            var value = theirs["value"]!;
            var type = value["type"]!.GetValue<string>();
            var same = type == ours!.Type.ToString().ToLowerInvariant() && value["id"]!.GetValue<string>() == ours.Id
                && value["revision"]?.GetValue<string>() == ours.Revision && value["path"]!.GetValue<string>() == ours.Path;
            if (!same)
                problems.Add($"{text}: huggingface_hub reads {value.ToJsonString()}, we read {ours}");
        }

        PipelineLoads.FailOn(run, problems);
    }
}
