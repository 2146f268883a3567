using System.Net.Http.Json;
using System.Text.Json;

namespace QingzhouPlan.Server.Tests.Support;

public static class HttpJson
{
    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static async Task<List<JsonElement>> GetFromJsonList(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return (await response.Json()).EnumerateArray().ToList();
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body);

    /// <summary>The figure standing for a period of an indicator (its URL), or null when none was reported.</summary>
    public static async Task<decimal?> StandingFigure(this HttpClient client, string indicator, string period)
    {
        var snapshot = await (await client.GetAsync($"{indicator}/figures")).Json();
        return snapshot.GetProperty("figures").EnumerateArray()
            .Where(f => f.GetProperty("period").GetString() == period)
            .Select(f => (decimal?)f.GetProperty("value").GetDecimal()).SingleOrDefault();
    }

    /// <summary>The field-level messages of an RFC 9457 problem body.</summary>
    public static async Task<Dictionary<string, string[]>> ProblemErrors(this HttpResponseMessage response)
    {
        var json = await response.Json();
        return json.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}
