using JasperFx.Events;
using QingzhouPlan.Server.TimeSeries;

namespace QingzhouPlan.Server.Tests.TimeSeries;

/// <summary>
/// A rebuild holds each stream's actual points until the stream's last replayed event, then lets them go with that
/// event as they finally stand: the intermediate ones and the retracted ones are never written.
/// </summary>
public sealed class ReplayHoldingTests
{
    private static readonly DateTimeOffset March = new(2024, 3, 31, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset April = new(2024, 4, 30, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_streams_points_go_out_with_its_last_event_as_they_finally_stand()
    {
        var holding = new ReplayHolding(new Dictionary<string, long> { ["p/A"] = 3, ["p/B"] = 9 });

        var first = holding.Pass([Points("p/A", 1, Actual("A", March, 1m), Revision("A", March)), Points("p/B", 1, Actual("B", March, 5m))]);
        var second = holding.Pass([Points("p/A", 2, Actual("A", March, 2m), Actual("A", April, 7m)), Points("p/A", 3, Revision("A", April))]);

        Lines(first[0]).ShouldBe(["revision A"]);
        Lines(first[1]).ShouldBeEmpty();
        Lines(second[0]).ShouldBeEmpty();
        Lines(second[1]).ShouldBe(["revision A", "actual A 2", "actual A 7"], ignoreOrder: true);
        holding.TakeRemaining().Select(w => Line(w)).ShouldBe(["actual B 5"]);
        holding.TakeRemaining().ShouldBeEmpty();
    }

    [Fact]
    public void A_point_retracted_before_the_stream_ends_is_never_written()
    {
        var holding = new ReplayHolding(new Dictionary<string, long> { ["p/A"] = 3 });

        var page = holding.Pass(
        [
            Points("p/A", 1, Actual("A", March, 1m), Actual("A", April, 4m)),
            Points("p/A", 2, new SeriesChange.Delete(IndicatorPoints.Actual, Tags("A"), March)),
            Points("p/A", 3, Revision("A", March)),
        ]);

        Lines(page[0]).ShouldBeEmpty();
        Lines(page[1]).ShouldBeEmpty();
        Lines(page[2]).ShouldBe(["revision A", "actual A 4"], ignoreOrder: true);
        holding.TakeRemaining().ShouldBeEmpty();
    }

    [Fact]
    public void A_stream_whose_last_event_is_not_replayed_keeps_its_points_until_the_end()
    {
        var holding = new ReplayHolding(new Dictionary<string, long> { ["p/A"] = 5 });

        holding.Pass([Points("p/A", 1, Actual("A", March, 1m)), Points("p/A", 2, Actual("A", March, 3m))]).SelectMany(Lines).ShouldBeEmpty();

        holding.TakeRemaining().Select(w => Line(w)).ShouldBe(["actual A 3"]);
    }

    private static EventPoints Points(string stream, long version, params SeriesChange[] changes) =>
        new(new Event<object>(new object()) { StreamKey = stream, Version = version }, changes);

    private static Dictionary<string, string> Tags(string indicator) => new() { ["plan"] = "p", ["indicator"] = indicator };

    private static SeriesChange.Write Actual(string indicator, DateTimeOffset at, decimal value) =>
        PointLine.Measurement(IndicatorPoints.Actual, Tags(indicator)).Field("value", value).At(at);

    private static SeriesChange.Write Revision(string indicator, DateTimeOffset at) =>
        PointLine.Measurement(IndicatorPoints.Revision, Tags(indicator)).Field("revision", 1L).At(at);

    private static List<string> Lines(EventPoints points) => points.Changes.Select(c => Line((SeriesChange.Write)c)).ToList();

    private static string Line(SeriesChange.Write write) =>
        write.Measurement == IndicatorPoints.Actual ? $"actual {write.Tags["indicator"]} {write.Fields["value=".Length..]}" : $"revision {write.Tags["indicator"]}";
}
