using System.Diagnostics;
using DownloadModels.Tests.Cli;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Tests.Inspection;

/// <summary>Paths into one repo of a test's cache, and the ways tests damage it.</summary>
internal sealed class CacheTamper(CliHarness cli, FakeRepo repo)
{
    public string Folder => Path.Combine(cli.HubCache, $"{(repo.Type == "dataset" ? "datasets" : "models")}--{repo.Id.Replace("/", "--", StringComparison.Ordinal)}");

    public string Snapshot(string path) => Path.Combine(Folder, "snapshots", repo.Commit, path);

    public string Blob(string path) => Path.Combine(Folder, "blobs", Etag(path));

    public string Etag(string path) => IsLfs(path) ? repo.Sha256Of(path) : repo.GitSha1Of(path);

    public string Ref(string name = "main") => Path.Combine(Folder, "refs", name);

    public string Tree => Path.Combine(Folder, "trees", repo.Commit + ".json");

    /// <summary>Flips one byte in place: same size, wrong content (what a bad disk or a careless edit leaves).</summary>
    public void FlipByte(string path, long offset = 0)
    {
        using var stream = new FileStream(Blob(path), FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        var value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0xFF));
    }

    public void Truncate(string path, long length)
    {
        using var stream = new FileStream(Blob(path), FileMode.Open, FileAccess.ReadWrite);
        stream.SetLength(length);
    }

    /// <summary>Replaces the snapshot link with a regular file holding <paramref name="content"/>.</summary>
    public void ReplaceLinkWithCopy(string path, byte[] content)
    {
        File.Delete(Snapshot(path));
        File.WriteAllBytes(Snapshot(path), content);
    }

    public static void MakeFifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"mkfifo {path} failed");
    }

    private bool IsLfs(string path) => repo.OidOf(path) != repo.GitSha1Of(path);
}
