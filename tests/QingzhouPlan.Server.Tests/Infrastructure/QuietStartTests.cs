using QingzhouPlan.Server.Tests.Support;

namespace QingzhouPlan.Server.Tests.Infrastructure;

/// <summary>
/// A normal start logs no false alarm: Orleans' watchdog measured its first tick from the machine's start and
/// warned that a check "has not completed for" the machine's uptime, which an operator reads as a stall.
/// </summary>
public sealed class QuietStartTests : IAsyncLifetime
{
    private readonly ProcessStore _store = new("quiet");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_normal_start_logs_no_stall_and_no_error()
    {
        await using var server = await _store.Start();
        using var viewer = server.ClientAs("zhou.viewer", "tjj", "viewer");
        (await viewer.GetAsync("/api/plans/qingzhou-2024/summary")).EnsureSuccessStatusCode();

        var lines = server.LinesFrom(0);
        lines.ShouldNotContain(l => l.Contains("has not completed for"), string.Join('\n', lines));
        lines.ShouldNotContain(l => l.Contains("\"LogLevel\":\"Error\"") || l.Contains("\"LogLevel\":\"Critical\""), string.Join('\n', lines));
    }
}
