using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// Debian's docker-registry (CNCF Distribution 2.8) on 127.0.0.1 and a port chosen now, storing into its own
/// temp folder: plain, with htpasswd basic auth (bcrypt made by perl's crypt(), which glibc's libxcrypt
/// provides), with token auth (<c>auth.token</c>, a <see cref="TokenService"/> as realm), over HTTPS
/// (<c>http.tls</c>), redirecting blob reads to a <see cref="BlobStorageServer"/> (the <c>redirect</c> storage
/// middleware), or as a pull-through cache (<c>proxy.remoteurl</c>) of another registry. Its access log (stdout)
/// is kept, so a test or the bench can count the bytes it served.
/// </summary>
public sealed partial class TestRegistry : IAsyncDisposable
{
    public const string Binary = "/usr/bin/docker-registry";

    private readonly Process _process;
    private readonly List<string> _log = [];

    private TestRegistry(Process process, string folder, int port, bool tls)
    {
        Scheme = tls ? "https" : "http";
        _process = process;
        Folder = folder;
        Host = $"127.0.0.1:{port}";
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>host:port, as an oci:// reference and skopeo's docker:// name it.</summary>
    public string Host { get; }

    public string Scheme { get; }

    public string Url => $"{Scheme}://{Host}";

    public int Port => int.Parse(Host[(Host.LastIndexOf(':') + 1)..]);

    public string Folder { get; }

    public string Storage => Path.Combine(Folder, "storage");

    public string Ref(string nameAndTag) => $"oci://{Host}/{nameAndTag}";

    /// <summary>Fails (never skips) when docker-registry is missing: CI installs it through .ci/run's APT_PACKAGES.</summary>
    /// <param name="tls">PEM files of the server certificate and its key: the registry speaks HTTPS only.</param>
    public static async Task<TestRegistry> StartAsync(string? user = null, string? password = null, string? proxyOf = null,
        TokenService? tokens = null, (string Certificate, string Key)? tls = null, BlobStorageServer? redirectTo = null)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} not found: these tests need Debian's docker-registry (apt-get install docker-registry; CI installs it through .ci/run).");
        for (var attempt = 1; ; attempt++)
        {
            var folder = Directory.CreateTempSubdirectory("dm-registry-").FullName;
            var port = LoopbackPort.Free();
            var auth = "";
            if (user is not null)
            {
                var htpasswd = Path.Combine(folder, "htpasswd");
                await File.WriteAllTextAsync(htpasswd, $"{user}:{await BcryptAsync(password!)}\n");
                auth = $"auth:\n  htpasswd:\n    realm: test-registry\n    path: {htpasswd}\n";
            }

            if (tokens is not null)
                auth = $"auth:\n  token:\n    realm: {tokens.Realm}\n    service: {TokenService.Service}\n    issuer: {TokenService.Issuer}\n    rootcertbundle: {tokens.RootCertBundle}\n";
            var proxy = proxyOf is null ? "" : $"proxy:\n  remoteurl: {proxyOf}\n";
            var https = tls is { } pair ? $"  tls:\n    certificate: {pair.Certificate}\n    key: {pair.Key}\n" : "";
            var middleware = redirectTo is null ? "" : $"middleware:\n  storage:\n    - name: redirect\n      options:\n        baseurl: {redirectTo.BaseUrl}\n";
            var config = Path.Combine(folder, "config.yml");
            await File.WriteAllTextAsync(config, $"""
                version: 0.1
                log:
                  level: error
                  accesslog:
                    disabled: false
                storage:
                  filesystem:
                    rootdirectory: {Path.Combine(folder, "storage")}
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:{port}
                  secret: test-secret-{Guid.NewGuid():N}
                {https}{auth}{proxy}{middleware}
                """);
            var process = Process.Start(new ProcessStartInfo(Binary, ["serve", config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["OTEL_TRACES_EXPORTER"] = "none" },
            })!;
            var registry = new TestRegistry(process, folder, port, tls is not null);
            if (await LoopbackPort.WaitForListenerAsync(process, port, TimeSpan.FromSeconds(15)))
            {
                if (redirectTo is not null)
                    redirectTo.Root = registry.Storage;
                return registry;
            }
            var why = registry.Log;
            await registry.DisposeAsync();
            if (attempt >= 3 || !why.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
                throw new InvalidOperationException($"docker-registry did not start: {why}");
        }
    }

    public string Log
    {
        get
        {
            lock (_log)
                return string.Join('\n', _log);
        }
    }

    /// <summary>Bytes of blob bodies this registry sent (GET .../blobs/..., from its access log).</summary>
    public long BlobBytesServed() => AccessLines().Where(l => l.Path.Contains("/blobs/sha256:", StringComparison.Ordinal) && l.Method == "GET").Sum(l => l.Bytes);

    /// <summary>The requests of the access log: method, path, status, body bytes.</summary>
    public IReadOnlyList<(string Method, string Path, int Status, long Bytes)> AccessLines()
    {
        string[] lines;
        lock (_log)
            lines = [.. _log];
        return [.. lines.Select(l => AccessLine().Match(l)).Where(m => m.Success)
            .Select(m => (m.Groups["method"].Value, m.Groups["path"].Value, int.Parse(m.Groups["status"].Value), m.Groups["bytes"].Value == "-" ? 0L : long.Parse(m.Groups["bytes"].Value)))];
    }

    /// <summary>Replaces the stored bytes of a blob (the registry serves what its storage holds, unchecked): a registry that lies.</summary>
    public void Tamper(string digest, byte[] content)
    {
        var hex = digest["sha256:".Length..];
        var path = Path.Combine(Storage, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
        File.WriteAllBytes(path, content);
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.Add(line);
    }

    private static async Task<string> BcryptAsync(string password)
    {
        var salt = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).Replace('+', '.').TrimEnd('=')[..22];
        var perl = Process.Start(new ProcessStartInfo("perl", ["-e", "print crypt($ARGV[0], $ARGV[1])", password, $"$2b$05${salt}"]) { RedirectStandardOutput = true })!;
        var hash = await perl.StandardOutput.ReadToEndAsync();
        await perl.WaitForExitAsync();
        if (!hash.StartsWith("$2b$", StringComparison.Ordinal))
            throw new InvalidOperationException($"perl's crypt() made no bcrypt hash ('{hash}'): the htpasswd registry needs glibc's libxcrypt with bcrypt.");
        return hash;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans temp folders.
        }
    }

    [GeneratedRegex("\"(?<method>[A-Z]+) (?<path>\\S+) HTTP/[0-9.]+\" (?<status>[0-9]{3}) (?<bytes>[0-9]+|-)")]
    private static partial Regex AccessLine();
}
