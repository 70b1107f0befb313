using System.Text;

namespace DownloadModels.Bench.Tools;

/// <summary>
/// aria2c's arguments: an input file of URLs with their output paths. File allocation is off: its default
/// (prealloc) writes every file twice, which would understate aria2c on a disk-bound run.
/// </summary>
internal static class Aria2List
{
    public static IReadOnlyList<string> Arguments(ToolContext context)
    {
        var input = Path.Combine(context.ListDir, Path.GetFileName(context.TargetDir) + ".aria2-input");
        var text = new StringBuilder();
        for (var i = 0; i < context.Urls.Count; i++)
        {
            var file = context.Scenario.Files[i];
            text.Append(context.Urls[i]).Append('\n');
            text.Append("  out=").Append(file.RepoId).Append('/').Append(file.Path).Append('\n');
        }

        File.WriteAllText(input, text.ToString());
        return
        [
            "aria2c", "--no-conf", "-x8", "-s8", "-j8", "-k1M", "--input-file", input, "--dir", context.TargetDir,
            "--file-allocation=none", "--auto-file-renaming=false", "--allow-overwrite=true",
            "--console-log-level=error", "--summary-interval=0", "--download-result=hide", "--enable-color=false",
        ];
    }
}
