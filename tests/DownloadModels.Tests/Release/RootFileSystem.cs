using System.Text.RegularExpressions;
using DownloadModels.Tests.EndToEnd;

namespace DownloadModels.Tests.Release;

/// <summary>
/// A root file system holding only the binary and the C library's files (what ldd names), plus what Docker
/// gives every container even FROM scratch: /dev/null, /dev/zero, /dev/random, /dev/urandom and a /tmp. No
/// /etc/passwd, no certificates, no shell: a test adds what its case needs, then runs the binary under chroot.
/// </summary>
internal sealed partial class RootFileSystem : IDisposable
{
    private RootFileSystem(string path) => Path = path;

    public string Path { get; }

    public static async Task<RootFileSystem> CreateAsync()
    {
        Command.RequireRoot();
        var binary = await NativeBinary.GetAsync();
        var root = new RootFileSystem(Directory.CreateTempSubdirectory("dm-rootfs-").FullName);
        try
        {
            // Other users (chroot --userspec) must be able to enter "/".
            Command.Chmod(root.Path, (UnixFileMode)0b111_101_101);
            foreach (var library in await LibrariesOfAsync(binary))
                root.Copy(library, library);
            root.Copy(binary, "/download-models");
            Command.Chmod(root.Inside("/download-models"), (UnixFileMode)0b111_101_101);
            foreach (var (name, major, minor) in new[] { ("null", 1, 3), ("zero", 1, 5), ("random", 1, 8), ("urandom", 1, 9) })
            {
                var node = root.Inside($"/dev/{name}");
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(node)!);
                var made = await Command.RunAsync("mknod", ["-m", "666", node, "c", $"{major}", $"{minor}"]);
                if (made.ExitCode != 0)
                    throw new InvalidOperationException($"mknod {node}: {made}");
            }

            var tmp = Directory.CreateDirectory(root.Inside("/tmp")).FullName;
            Command.Chmod(tmp, (UnixFileMode)0b1_111_111_111);
            return root;
        }
        catch
        {
            root.Dispose();
            throw;
        }
    }

    /// <summary>The files ldd resolves for the binary, the dynamic loader included.</summary>
    public static async Task<IReadOnlyList<string>> LibrariesOfAsync(string binary)
    {
        var ldd = await Command.RunAsync("ldd", [binary]);
        if (ldd.ExitCode != 0)
            throw new InvalidOperationException($"ldd {binary}: {ldd}");
        return [.. LddPath().Matches(ldd.StdOut).Select(m => m.Groups["path"].Value).Distinct(StringComparer.Ordinal)];
    }

    public string Inside(string absolute) => System.IO.Path.Combine(Path, absolute.TrimStart('/'));

    public void Write(string absolute, string content)
    {
        var full = Inside(absolute);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    /// <summary>Runs /download-models under chroot with only <paramref name="env"/>; <paramref name="user"/> as uid:gid.</summary>
    public Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string> env, string? user, params string[] args)
    {
        List<string> chrootArgs = user is null ? [] : [$"--userspec={user}"];
        chrootArgs.Add(Path);
        chrootArgs.Add("/download-models");
        chrootArgs.AddRange(args);
        return Command.RunAsync("chroot", chrootArgs, env);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans temp folders.
        }
    }

    private void Copy(string from, string to)
    {
        var target = Inside(to);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        File.Copy(from, target, overwrite: true);
    }

    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)".
    [GeneratedRegex(@"(?:=>\s+|^\s+)(?<path>/\S+)\s+\(0x", RegexOptions.Multiline)]
    private static partial Regex LddPath();
}
