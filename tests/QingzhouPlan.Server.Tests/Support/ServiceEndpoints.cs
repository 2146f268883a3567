namespace QingzhouPlan.Server.Tests.Support;

/// <summary>The local services infra/services.sh starts; overridable by the same variables as the server.</summary>
public static class ServiceEndpoints
{
    public static string InfluxUrl =>
        Environment.GetEnvironmentVariable("InfluxDb__Url") ?? "http://127.0.0.1:18086";

    public static string PostgreSql =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Marten") ?? "Host=127.0.0.1;Port=54329;Database=qingzhou;Username=qingzhou;Password=qingzhou";

    public static string Redis =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Redis") ?? "127.0.0.1:16379";
}
