using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DownloadModels.Tests.FakeHub.Xet;

/// <summary>
/// Runs the Xet oracle (tests/xet-oracle: <c>@huggingface/hub</c>'s own createXorbs and xet-core's wasm, through
/// tsx) over inputs the caller made, and reads back the xorbs and file representations it wrote. Results are cached
/// under a folder named by a hash of the inputs, the script and the package lock, so a second build of the same
/// fixtures (the next test session) only reads files. When node or the package is missing it throws
/// <see cref="XetOracleUnavailableException"/> naming what to install: a test that needs the oracle then fails.
/// </summary>
public static class XetOracle
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>tests/xet-oracle of the checkout this assembly was built from.</summary>
    public static string PackageFolder => Path.Combine(RepoRoot(), "tests", "xet-oracle");

    /// <summary>
    /// Builds (or finds cached under <paramref name="cacheRoot"/>, default {temp}/download-models-xet-oracle) the
    /// fixtures of <paramref name="uploads"/>, in order: later uploads dedup against earlier ones.
    /// </summary>
    public static async Task<XetFixtureSet> BuildAsync(IReadOnlyList<XetUpload> uploads, string? cacheRoot = null, CancellationToken cancellationToken = default)
    {
        var package = PackageFolder;
        var script = Path.Combine(package, "make-fixtures.ts");
        var tsx = Path.Combine(package, "node_modules", "tsx", "dist", "cli.mjs");
        if (!File.Exists(Path.Combine(package, "node_modules", "@huggingface", "hub", "src", "utils", "createXorbs.ts")) || !File.Exists(tsx))
        {
            throw new XetOracleUnavailableException($"the Xet oracle is not installed: run 'npm ci --prefix {package}' (.ci/run and the Test target do).");
        }

        var key = Key(uploads, script, Path.Combine(package, "package-lock.json"));
        var folder = Path.Combine(cacheRoot ?? Path.Combine(Path.GetTempPath(), "download-models-xet-oracle"), key);
        var manifest = Path.Combine(folder, "manifest.json");
        if (!File.Exists(manifest))
        {
            await RunAsync(uploads, folder, package, tsx, script, cancellationToken);
        }

        return XetFixtureSet.Load(folder, uploads);
    }

    private static async Task RunAsync(IReadOnlyList<XetUpload> uploads, string folder, string package, string tsx, string script, CancellationToken cancellationToken)
    {
        // Built beside the final folder and renamed into place, so a run killed half-way is never read as done,
        // and two test processes building the same fixtures at once both end with a complete folder.
        var work = folder + ".tmp-" + Guid.NewGuid().ToString("N");
        var inputs = Path.Combine(work, "inputs");
        Directory.CreateDirectory(inputs);
        var spec = new JsonObject { ["out"] = Path.Combine(work, "out") };
        var list = new JsonArray();
        foreach (var upload in uploads)
        {
            var files = new JsonArray();
            foreach (var input in upload.Files)
            {
                var path = Path.Combine(inputs, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input.Id)))[..16]);
                await File.WriteAllBytesAsync(path, input.Content, cancellationToken);
                files.Add(new JsonObject { ["id"] = input.Id, ["path"] = path });
            }

            list.Add(new JsonObject { ["name"] = upload.Name, ["files"] = files });
        }

        spec["uploads"] = list;
        var specPath = Path.Combine(work, "spec.json");
        await File.WriteAllTextAsync(specPath, spec.ToJsonString(), cancellationToken);
        var (exit, output) = await NodeAsync(package, [tsx, script, specPath], cancellationToken);
        if (exit != 0)
        {
            throw new InvalidOperationException($"the Xet oracle failed (exit {exit}): {output}");
        }

        // Keep only what Load reads: the manifest and the xorbs (the inputs are the callers' own bytes).
        Directory.Delete(inputs, recursive: true);
        try
        {
            Directory.Move(Path.Combine(work, "out"), folder);
        }
        catch (IOException) when (File.Exists(Path.Combine(folder, "manifest.json")))
        {
            // Another process finished the same fixtures first: theirs are identical.
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Downloads <paramref name="path"/> of <paramref name="repo"/> from <paramref name="hubUrl"/> into
    /// <paramref name="outFile"/> with <c>@huggingface/hub</c>'s own <c>downloadFile</c> (tests/xet-oracle/download.mjs);
    /// with <paramref name="slice"/> only bytes [Start, End) of it, through a ranged reconstruction (<c>XetBlob.slice</c>).
    /// </summary>
    public static async Task<JsDownload> DownloadAsync(string hubUrl, string repo, string path, string outFile, string? revision = null, string? hubToken = null, string type = "model", bool xet = true, (long Start, long End)? slice = null, CancellationToken cancellationToken = default)
    {
        var package = PackageFolder;
        List<string> arguments = [.. DownloadCommand(), "--hub", hubUrl, "--repo", repo, "--path", path, "--out", outFile, "--type", type];
        if (revision is not null)
        {
            arguments.AddRange(["--revision", revision]);
        }

        if (hubToken is not null)
        {
            arguments.AddRange(["--token", hubToken]);
        }

        if (!xet)
        {
            arguments.AddRange(["--xet", "false"]);
        }

        if (slice is { } s)
        {
            arguments.AddRange(["--slice", $"{s.Start}:{s.End}"]);
        }

        var (exit, output) = await NodeAsync(package, arguments, cancellationToken);
        return new JsDownload(exit, output);
    }

    /// <summary>
    /// The arguments after <c>node</c> that run tests/xet-oracle/download.mjs (the options of its header follow), for
    /// callers that start node themselves (the bench, under GNU time). Throws when the package is not installed.
    /// </summary>
    public static IReadOnlyList<string> DownloadCommand()
    {
        var package = PackageFolder;
        if (!Directory.Exists(Path.Combine(package, "node_modules", "@huggingface", "hub", "dist")))
        {
            throw new XetOracleUnavailableException($"the Xet oracle is not installed: run 'npm ci --prefix {package}' (.ci/run and the Test target do).");
        }

        return [Path.Combine(package, "download.mjs")];
    }

    /// <summary>Runs node with <paramref name="arguments"/> in <paramref name="folder"/>: exit code and stdout + stderr.</summary>
    public static async Task<(int Exit, string Output)> NodeAsync(string folder, IReadOnlyList<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new XetOracleUnavailableException("node could not be started");
        }
        catch (Win32Exception e)
        {
            throw new XetOracleUnavailableException($"node is not installed ({e.Message}): the Xet oracle cannot run. Debian: apt-get install nodejs npm, then npm ci --prefix tests/xet-oracle", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, (await stdout) + (await stderr));
        }
    }

    private static string Key(IReadOnlyList<XetUpload> uploads, string script, string packageLock)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(File.ReadAllBytes(script));
        hash.AppendData(File.ReadAllBytes(packageLock));
        foreach (var upload in uploads)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"\nupload {upload.Name}\n"));
            foreach (var input in upload.Files)
            {
                hash.AppendData(Encoding.UTF8.GetBytes($"{input.Id}\n"));
                hash.AppendData(SHA256.HashData(input.Content));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..24];
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DownloadModels.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("repo root (DownloadModels.slnx) not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// What tests/xet-oracle/download.mjs did: exit 0 with one JSON line (<c>{"bytes", "ms", "xet"}</c>) on success, 1 with
/// the library's error on stderr when the download failed.
/// </summary>
public sealed record JsDownload(int Exit, string Output)
{
    public bool Succeeded => Exit == 0;

    /// <summary>Whether the library took its Xet path (the resolve answer carried the Xet file info).</summary>
    public bool UsedXet => Succeeded && Output.Contains("\"xet\":true", StringComparison.Ordinal);
}

/// <summary>node, npm or tests/xet-oracle's packages are missing: the message says what to install.</summary>
public sealed class XetOracleUnavailableException : Exception
{
    public XetOracleUnavailableException(string message) : base(message)
    {
    }

    public XetOracleUnavailableException(string message, Exception inner) : base(message, inner)
    {
    }
}
