namespace QingzhouPlan.Server.Tests.Support;

/// <summary>What GET /api/admin/cluster says.</summary>
public static class ClusterAdmin
{
    public sealed record Silo(int SiloPort, string Status, int Activations);

    public static async Task<IReadOnlyList<Silo>> Silos(HttpClient admin) =>
        (await admin.GetFromJsonList("/api/admin/cluster"))
        .Select(s => new Silo(s.GetProperty("siloPort").GetInt32(), s.GetProperty("status").GetString()!, s.GetProperty("activations").ValueKind == System.Text.Json.JsonValueKind.Number ? s.GetProperty("activations").GetInt32() : 0))
        .ToList();

    /// <summary>Waits until the membership table holds this many Active silos.</summary>
    public static Task UntilActive(HttpClient admin, int count, TimeSpan? timeout = null) =>
        Wait.Until(async () => (await Silos(admin)).Count(s => s.Status == "Active") == count, timeout ?? TimeSpan.FromSeconds(30));
}
