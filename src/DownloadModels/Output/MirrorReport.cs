using System.Globalization;
using DownloadModels.Mirror;
using DownloadModels.Units;

namespace DownloadModels.Output;

/// <summary>The end of a mirror run: one line per model, then how to serve the folder and use it.</summary>
internal static class MirrorReport
{
    public static void Write(TextWriter output, MirrorLayout layout, IReadOnlyList<MirroredModel> models)
    {
        var lines = new List<string> { $"Mirror: {layout.Root}" };
        foreach (var m in models)
        {
            var how = new[] { (m.Linked, "hard-linked"), (m.Copied, "copied"), (m.Present, "already there") }
                .Where(p => p.Item1 > 0).Select(p => $"{Count(p.Item1)} {p.Item2}");
            var served = m.Served > m.Files ? $"; {Count(m.Served)} served at this commit" : "";
            lines.Add($"  {m.Repo.UrlPrefix} @ {m.Revision} ({m.Commit[..8]}): {Count(m.Files)} files, {ByteSize.Format(m.Bytes)} ({string.Join(", ", how)}){served}");
            if (m.NotWorldReadable > 0)
                lines.Add($"  warning: {Count(m.NotWorldReadable)} of its files are not readable by other users: a web server running as another user answers 403 (chmod o+r them in the cache).");
        }

        lines.Add("");
        lines.Add("Serve it with any static web server; nginx needs nothing but a root:");
        lines.Add(NginxConfig.Server(layout.Root));
        lines.Add("Then, on every machine:  HF_ENDPOINT=http://THIS-HOST:8080 download-models   (or --endpoint URL)");
        lines.Add("For the Python libraries to download from it too, add to nginx (see the README):");
        lines.Add(NginxConfig.PythonHeaders(layout.HeadersConfPath));
        foreach (var line in lines)
            output.Write(ProgressLines.Printable(line) + "\n");
        output.Flush();
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
