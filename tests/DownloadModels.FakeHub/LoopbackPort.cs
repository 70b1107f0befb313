using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DownloadModels.Tests.FakeHub;

/// <summary>
/// Ports on 127.0.0.1 for the servers the tests start as programs (docker-registry, nginx) and for endpoints
/// nothing listens on: a port free now, and the wait until a started program listens on it.
/// </summary>
public static class LoopbackPort
{
    /// <summary>
    /// A loopback port nothing listens on (bound for a moment, then released). Another process may take it before
    /// a server binds it: a caller that starts one tries again on "address already in use".
    /// </summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>True once <paramref name="port"/> accepts a connection; false when <paramref name="server"/> exited first or <paramref name="timeout"/> passed.</summary>
    public static async Task<bool> WaitForListenerAsync(Process server, int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !server.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        return false;
    }
}
