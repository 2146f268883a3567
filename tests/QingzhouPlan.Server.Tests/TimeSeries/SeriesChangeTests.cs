using Microsoft.Extensions.Options;
using QingzhouPlan.Server.Tests.Support;
using QingzhouPlan.Server.TimeSeries;

namespace QingzhouPlan.Server.Tests.TimeSeries;

/// <summary>
/// A page of series changes is applied in few requests (unrelated writes in one batch, the deletes together)
/// and yet ends as if every change had been applied one after another — checked on the real InfluxDB.
/// </summary>
public sealed class SeriesChangeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset March = new(2024, 3, 31, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset April = new(2024, 4, 30, 16, 0, 0, TimeSpan.Zero);
    private readonly InfluxQuery _influx = new(ServiceEndpoints.InfluxUrl, $"t_series_{Guid.NewGuid():N}"[..20]);
    private readonly HttpClient _http = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _influx.DropDatabase();
        _http.Dispose();
    }

    private static SeriesChange.Write Point(string indicator, DateTimeOffset at, decimal value)
    {
        var tags = new Dictionary<string, string> { ["plan"] = "p", ["indicator"] = indicator };
        return PointLine.Measurement("indicator_actual", tags).Field("value", value).At(at);
    }

    private static SeriesChange.Delete Removal(string indicator, DateTimeOffset at) =>
        new("indicator_actual", new Dictionary<string, string> { ["plan"] = "p", ["indicator"] = indicator }, at);

    [Fact]
    public async Task A_write_a_later_delete_removes_is_not_sent_and_a_write_after_its_delete_goes_after_it()
    {
        var sent = new List<string>();
        await SeriesChange.Apply(
            [Point("A", March, 1m), Point("B", March, 2m), Removal("A", March), Removal("B", March), Point("B", March, 3m), Point("C", March, 4m)],
            batch =>
            {
                sent.Add("write " + string.Join(",", batch.Select(line => line.Split(' ')[1])));
                return Task.CompletedTask;
            },
            deletes =>
            {
                sent.Add("delete " + string.Join(",", deletes.Select(d => d.Tags["indicator"])));
                return Task.CompletedTask;
            });

        sent.ShouldBe(["write value=4", "delete A,B", "write value=3"]);
    }

    [Fact]
    public async Task The_deletes_of_one_instant_go_as_one_statement_and_InfluxDB_ends_as_if_each_change_came_alone()
    {
        var writer = new InfluxV1Writer(_http, Options.Create(new InfluxOptions { Url = _influx.Url, Database = _influx.Database }));
        await writer.EnsureReadyAsync(CancellationToken.None);
        await writer.ApplyAsync([Point("A", March, 1m), Point("B", March, 2m), Point("C", March, 3m), Point("A", April, 5m)], CancellationToken.None);

        await writer.ApplyAsync(
            [Removal("A", March), Point("D", March, 7m), Removal("B", March), Removal("D", March), Point("B", March, 8m), Removal("A", April)],
            CancellationToken.None);

        var rows = await _influx.Rows("SELECT value, indicator FROM indicator_actual");
        var march = March.ToUnixTimeMilliseconds();
        rows.Select(r => $"{r["time"].GetInt64()} {r["indicator"].GetString()} {r["value"].GetDecimal()}").ShouldBe(
            [$"{march} B 8", $"{march} C 3"], ignoreOrder: true);
        InfluxV1Writer.DeleteStatement("indicator_actual", March, [Removal("A", March).Tags, Removal("B", March).Tags]).ShouldBe(
            "DELETE FROM \"indicator_actual\" WHERE time >= '2024-03-31T16:00:00.000Z' AND time <= '2024-03-31T16:00:00.000Z'"
            + " AND ((\"plan\" = 'p' AND \"indicator\" = 'A') OR (\"plan\" = 'p' AND \"indicator\" = 'B'))");
    }
}
