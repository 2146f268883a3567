using System.Net;
using System.Net.Http.Headers;
using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Forms;

/// <summary>When no turn to read a form, or to start an import, is free, the answer is 429 with Retry-After, and nothing is read.</summary>
public sealed class FormThrottleTests : IAsyncLifetime
{
    private const string Form = "/api/plans/qingzhou-2024/departments/gxj/forms";
    private readonly PlanHost _host = new(overrides: new Dictionary<string, string?>
    {
        ["Forms:ConcurrentReads"] = "0",
        ["Forms:JobsPerUser"] = "0",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_upload_with_no_turn_to_be_read_is_answered_429_with_retry_after()
    {
        var response = await _host.ClientAs("li.wei", "gxj").PostAsync(Form, Xlsx(HostileWorkbooks.Template()));

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldBe(TimeSpan.FromSeconds(5));
        (await response.ProblemErrors())["body"].ShouldHaveSingleItem().ShouldContain("the server is reading other forms");
    }

    [Fact]
    public async Task An_import_beyond_the_users_running_imports_is_answered_429()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Form) { Content = Xlsx(HostileWorkbooks.Template()) };
        request.Headers.Add("Prefer", "respond-async");

        var response = await _host.ClientAs("li.wei", "gxj").SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter.ShouldNotBeNull();
        (await response.ProblemErrors())["body"].ShouldHaveSingleItem().ShouldContain("imports running");
    }

    private static ByteArrayContent Xlsx(byte[] file)
    {
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return content;
    }
}
