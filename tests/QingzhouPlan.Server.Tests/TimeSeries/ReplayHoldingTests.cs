using JasperFx.Events;
using QingzhouPlan.Server.TimeSeries;

namespace QingzhouPlan.Server.Tests.TimeSeries;

/// <summary>
/// A rebuild holds each stream's actual points until the stream's last replayed event, then lets them go with that
/// event's page as they finally stand: the intermediate ones and the retracted ones are never written, and what a
/// page let go stays owed until the page is known to be written.
/// </summary>
public sealed class ReplayHoldingTests
{
    private static readonly DateTimeOffset March = new(2024, 3, 31, 16, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset April = new(2024, 4, 30, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_streams_points_go_out_with_the_page_of_its_last_event_as_they_finally_stand()
    {
        var holding = new ReplayHolding(new Dictionary<string, long> { ["p/A"] = 3, ["p/B"] = 9 });

        var first = holding.Pass([Points("p/A", 1, Actual("A", March, 1m), Revision("A", March)), Points("p/B", 1, Actual("B", March, 5m))], 10);
        holding.Written(10);
        var second = holding.Pass([Points("p/A", 2, Actual("A", March, 2m), Actual("A", April, 7m)), Points("p/A", 3, Revision("A", April))], 20);
        holding.Written(20);

        first.Passing.Select(Lines).ShouldBe([["revision A"], []]);
        first.Released.ShouldBeEmpty();
        second.Passing.Select(Lines).ShouldBe([[], ["revision A"]]);
        second.Released.Select(Line).ShouldBe(["actual A 2", "actual A 7"], ignoreOrder: true);
        holding.TakeRemaining().Select(Line).ShouldBe(["actual B 5"]);
        holding.TakeRemaining().ShouldBeEmpty();
    }

    [Fact]
    public void A_point_retracted_before_the_stream_ends_is_never_written_and_a_delete_of_nothing_held_is_dropped()
    {
        var holding = new ReplayHolding(new Dictionary<string, long> { ["p/A"] = 3 });
        var retraction = new SeriesChange.Delete(IndicatorPoints.Actual, Tags("A"), March);

        var page = holding.Pass([Points("p/A", 1, Actual("A", March, 1m), Actual("A", April, 4m)), Points("p/A", 2, retraction, retraction), Points("p/A", 3, Revision("A", March))], 10);
        holding.Written(10);

        page.Passing.Select(Lines).ShouldBe([[], [], ["revision A"]]);
        page.Released.Select(Line).ShouldBe(["actual A 4"]);
        holding.TakeRemaining().ShouldBeEmpty();
    }

    [Fact]
    public void Streams_whose_last_event_is_not_replayed_keep_their_points_until_the_end()
    {
        var holding = new ReplayHolding(new Dictionary<string, long> { ["p/A"] = 5 });

        var page = holding.Pass([Points("p/A", 1, Actual("A", March, 1m)), Points("p/A", 2, Actual("A", March, 3m)), Points("p/C", 1, Actual("C", April, 8m))], 10);
        holding.Written(10);

        page.Released.ShouldBeEmpty();
        holding.TakeRemaining().Select(Line).ShouldBe(["actual A 3", "actual C 8"], ignoreOrder: true);
    }

    [Fact]
    public void Points_let_go_with_a_page_that_was_not_written_are_still_owed_at_the_end()
    {
        var holding = new ReplayHolding(new Dictionary<string, long> { ["p/A"] = 1, ["p/B"] = 1 });

        holding.Pass([Points("p/A", 1, Actual("A", March, 1m))], 10);
        holding.Pass([Points("p/B", 1, Actual("B", March, 2m))], 20);
        holding.Written(10);

        holding.TakeRemaining().Select(Line).ShouldBe(["actual B 2"]);
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
