using System.Globalization;
using Microsoft.Extensions.Options;
using QingzhouPlan.Server.Tests.Support;
using QingzhouPlan.Server.TimeSeries;

namespace QingzhouPlan.Server.Tests.TimeSeries;

/// <summary>
/// Points are printed as line protocol by hand: names, tags and text that hold the protocol's own separators
/// must come back from a real InfluxDB exactly as they went in.
/// </summary>
public sealed class PointLineTests : IAsyncLifetime
{
    private static readonly DateTimeOffset March = new(2024, 3, 31, 16, 0, 0, TimeSpan.Zero);
    private readonly InfluxQuery _influx = new(ServiceEndpoints.InfluxUrl, $"t_line_{Guid.NewGuid():N}"[..20]);
    private readonly HttpClient _http = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _influx.DropDatabase();
        _http.Dispose();
    }

    private static SeriesChange.Write Awkward() =>
        PointLine.Measurement("indicator_actual", new Dictionary<string, string> { ["unit"] = "亿元, 现价=", ["indicator"] = "GDP", ["chapter"] = "" })
            .Field("value", 2.5m)
            .Field("revision", 7L)
            .Field("verified", true)
            .Field("department", "say \"hi\" \\ to\nthem")
            .At(March);

    [Fact]
    public void Tags_are_sorted_and_escaped_empty_ones_left_out_and_numbers_printed_the_same_in_every_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            Awkward().Line.ShouldBe(
                "indicator_actual,indicator=GDP,unit=亿元\\,\\ 现价\\= value=2.5,revision=7i,verified=true,department=\"say \\\"hi\\\" \\\\ to them\" "
                + March.ToUnixTimeMilliseconds());
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void A_point_without_fields_or_a_tag_ending_in_a_backslash_is_refused()
    {
        Should.Throw<InvalidOperationException>(() => PointLine.Measurement("m", new Dictionary<string, string>()).At(March));
        Should.Throw<ArgumentException>(() => PointLine.Measurement("m", new Dictionary<string, string> { ["unit"] = "a\\" }));
    }

    [Fact]
    public async Task InfluxDB_reads_back_the_tags_and_text_as_they_were()
    {
        var writer = new InfluxV1Writer(_http, Options.Create(new InfluxOptions { Url = _influx.Url, Database = _influx.Database }));
        await writer.EnsureReadyAsync(CancellationToken.None);

        await writer.ApplyAsync([Awkward()], CancellationToken.None);

        var row = (await _influx.Rows("SELECT * FROM indicator_actual")).Single();
        row["unit"].GetString().ShouldBe("亿元, 现价=");
        row["indicator"].GetString().ShouldBe("GDP");
        row["department"].GetString().ShouldBe("say \"hi\" \\ to them");
        row["value"].GetDecimal().ShouldBe(2.5m);
        row["revision"].GetInt64().ShouldBe(7);
        row["verified"].GetBoolean().ShouldBeTrue();
        row["time"].GetInt64().ShouldBe(March.ToUnixTimeMilliseconds());
    }
}
