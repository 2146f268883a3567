using System.Net;
using System.Net.Sockets;

namespace QingzhouPlan.Server.Tests.Support;

/// <summary>A loopback port no one listens on, as the operating system picks it.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
