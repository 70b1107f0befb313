using System.Diagnostics;
using System.Runtime.InteropServices;
using DownloadModels.Tests.FakeHub;

namespace DownloadModels.Tests.EndToEnd;

/// <summary>
/// Debian's stock nginx serving a folder on 127.0.0.1 with nothing but <c>location / { root DIR; }</c>
/// (plus, when a test asks, the extra directives it names). Everything nginx writes (pid, logs, temp
/// bodies) stays in its own temp prefix, so it runs as root or not without touching /var. The access
/// log records each request's Range header and status, so tests can see a resume's 206.
/// </summary>
internal sealed class NginxServer : IAsyncDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly string _prefix;

    private NginxServer(Process process, string prefix, int port)
    {
        _process = process;
        _prefix = prefix;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Url { get; }

    public string AccessLogPath => Path.Combine(_prefix, "access.log");

    public string[] AccessLog() => File.Exists(AccessLogPath) ? File.ReadAllLines(AccessLogPath) : [];

    /// <summary>Fails (never skips) when nginx is missing: CI installs it through .ci/run's APT_PACKAGES.</summary>
    public static async Task<NginxServer> StartAsync(string root, string httpExtra = "", string locationExtra = "")
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} not found: these tests need Debian's nginx. Install it with: apt-get install nginx (CI installs it through APT_PACKAGES in .ci/run).");
        for (var attempt = 1; ; attempt++)
        {
            var prefix = Directory.CreateTempSubdirectory("dm-nginx-").FullName;
            var port = LoopbackPort.Free();
            await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), Config(prefix, root, port, httpExtra, locationExtra));
            var process = Process.Start(new ProcessStartInfo(Binary, ["-e", Path.Combine(prefix, "error.log"), "-p", prefix, "-c", Path.Combine(prefix, "nginx.conf")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var server = new NginxServer(process, prefix, port);
            if (await LoopbackPort.WaitForListenerAsync(process, port, TimeSpan.FromSeconds(10)))
                return server;
            var why = await server.StopAsync();
            // Another process may have taken the free port between probe and bind: try a new one.
            if (attempt >= 3 || !why.Contains("Address already in use", StringComparison.Ordinal))
                throw new InvalidOperationException($"nginx did not start: {why}");
        }
    }

    private static string Config(string prefix, string root, int port, string httpExtra, string locationExtra) => $$"""
        daemon off;
        worker_processes 1;
        pid {{prefix}}/nginx.pid;
        error_log {{prefix}}/error.log;
        events { worker_connections 64; }
        http {
            log_format ranges '$request_method $request_uri "$http_range" $status $body_bytes_sent';
            access_log {{prefix}}/access.log ranges;
            client_body_temp_path {{prefix}}/client_body;
            proxy_temp_path {{prefix}}/proxy;
            fastcgi_temp_path {{prefix}}/fastcgi;
            uwsgi_temp_path {{prefix}}/uwsgi;
            scgi_temp_path {{prefix}}/scgi;
            {{httpExtra}}
            server {
                listen 127.0.0.1:{{port}};
                location / { root "{{root}}"; {{locationExtra}} }
            }
        }
        """;

    /// <summary>SIGQUIT (graceful: the master stops its workers too), then a kill of the tree if it hangs.</summary>
    private async Task<string> StopAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, 3);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        var errorLog = Path.Combine(_prefix, "error.log");
        return (await _process.StandardError.ReadToEndAsync()) + (File.Exists(errorLog) ? await File.ReadAllTextAsync(errorLog) : "");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_prefix, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans temp folders.
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
