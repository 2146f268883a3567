namespace QingzhouPlan.Server.Tests.Support;

/// <summary>The local services infra/services.sh starts; overridable by the same variables as the server.</summary>
public static class ServiceEndpoints
{
    public static string InfluxUrl =>
        Environment.GetEnvironmentVariable("InfluxDb__Url") ?? "http://127.0.0.1:18086";
}
