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

    /// <summary>The field-level messages of an RFC 9457 problem body.</summary>
    public static async Task<Dictionary<string, string[]>> ProblemErrors(this HttpResponseMessage response)
    {
        var json = await response.Json();
        return json.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}
