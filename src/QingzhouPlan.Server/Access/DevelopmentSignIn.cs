using System.Net;
using Microsoft.AspNetCore.Http;

namespace QingzhouPlan.Server.Access;

/// <summary>
/// The development sign-in lets whoever reaches it be anyone, so it answers only on the machine itself: a
/// request from a loopback address that also names a loopback host. The second half matters because a web
/// page the operator opens can make its own name resolve to 127.0.0.1 (DNS rebinding); its requests then
/// come from loopback, but still carry the page's own Host. Outside Development a server with it on must
/// listen on loopback alone, or it stops as soon as it has started.
/// </summary>
public static class DevelopmentSignIn
{
    /// <summary>On in Development, elsewhere only behind the explicit flag (Dashboard__DevSignIn=true).</summary>
    public static bool Enabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue("Dashboard:DevSignIn", environment.IsDevelopment());

    public static bool FromThisMachine(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } remote
        && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote)
        && IsLoopbackName(context.Request.Host.Host);

    public static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>The addresses a server listens on that other machines can reach (0.0.0.0, *, a network interface's own).</summary>
    public static IReadOnlyList<string> Exposed(IEnumerable<string> listening) =>
        listening.Where(a => !IsLoopbackName(BindingAddress.Parse(a).Host)).ToList();
}
