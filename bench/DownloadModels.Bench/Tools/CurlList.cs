using System.Text;

namespace DownloadModels.Bench.Tools;

/// <summary>
/// curl's arguments: one process for the whole URL list (a --config file of url/output pairs), so a
/// sequential run reuses its connection like a script looping over files would at best.
/// </summary>
internal static class CurlList
{
    public static IReadOnlyList<string> Arguments(ToolContext context)
    {
        var config = Path.Combine(context.ListDir, Path.GetFileName(context.TargetDir) + ".curl-config");
        var text = new StringBuilder();
        for (var i = 0; i < context.Urls.Count; i++)
        {
            var file = context.Scenario.Files[i];
            text.Append("url = \"").Append(context.Urls[i]).Append("\"\n");
            text.Append("output = \"").Append(Path.Combine(context.TargetDir, file.RepoId, file.Path)).Append("\"\n");
        }

        File.WriteAllText(config, text.ToString());
        return ["--silent", "--show-error", "--fail", "--location", "--globoff", "--create-dirs", "--config", config];
    }
}
