using System.Net;
using System.Net.Sockets;

namespace Membership.BrowserTests.Infrastructure;

public static class FreeLoopbackPort
{
    /// <summary>A port nothing listens on now (the OS picks it), for a server the test starts next.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
