using QingzhouPlan.Domain.Periods;

namespace QingzhouPlan.Domain.Tests.Periods;

public sealed class PeriodTests
{
    [Theory]
    [InlineData("2024-03", PeriodKind.Month, 3, "2024-03-01", "2024-03-31")]
    [InlineData("2024-02", PeriodKind.Month, 2, "2024-02-01", "2024-02-29")]
    [InlineData("2024-Q1", PeriodKind.Quarter, 1, "2024-01-01", "2024-03-31")]
    [InlineData("2024-Q4", PeriodKind.Quarter, 4, "2024-10-01", "2024-12-31")]
    [InlineData("2024-H1", PeriodKind.HalfYear, 1, "2024-01-01", "2024-06-30")]
    [InlineData("2024-H2", PeriodKind.HalfYear, 2, "2024-07-01", "2024-12-31")]
    [InlineData("2024", PeriodKind.Year, 1, "2024-01-01", "2024-12-31")]
    public void Canonical_text_parses_to_its_calendar_span(string text, PeriodKind kind, int index, string first, string last)
    {
        var period = Period.Parse(text);

        period.Kind.ShouldBe(kind);
        period.Index.ShouldBe(index);
        period.FirstDay.ShouldBe(DateOnly.Parse(first));
        period.LastDay.ShouldBe(DateOnly.Parse(last));
        period.ToString().ShouldBe(text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024-13")]
    [InlineData("2024-00")]
    [InlineData("2024-3")]
    [InlineData("2024-Q5")]
    [InlineData("2024-H3")]
    [InlineData("24-03")]
    [InlineData("2024/03")]
    [InlineData("2024-Q")]
    [InlineData("1900")]
    public void Malformed_text_is_refused_with_the_accepted_forms(string text)
    {
        Period.TryParse(text, out _, out var error).ShouldBeFalse();
        error.ShouldContain("2024-Q1");
    }

    [Fact]
    public void A_period_ends_at_midnight_after_its_last_day_in_Beijing()
    {
        Period.Parse("2024-06").EndsAt.ShouldBe(new DateTimeOffset(2024, 6, 30, 16, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Periods_order_by_the_month_they_end_then_by_length()
    {
        var sorted = new[] { "2024-H1", "2024-06", "2024-Q2", "2024-01", "2024" }.Select(Period.Parse).Order().Select(p => p.ToString());

        sorted.ShouldBe(["2024-01", "2024-06", "2024-Q2", "2024-H1", "2024"]);
    }
}
