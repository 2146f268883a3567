using QingzhouPlan.Domain.Indicators;
using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Targets;

namespace QingzhouPlan.Domain.Tests.Indicators;

/// <summary>Builds indicator histories for given-events / when-command / then-events tests.</summary>
public static class Given
{
    public static readonly ActedBy Reporter = new("li.wei", "gxj", "trace-1", [Roles.Reporter]);
    public static readonly ActedBy Reviewer = new("wang.review", "tjj", "trace-2", [Roles.Reviewer]);
    public static readonly ActedBy Admin = new("zhang.admin", "fgj", "trace-3", [Roles.Admin]);
    public static readonly DateTimeOffset July15 = new(2024, 7, 15, 9, 0, 0, TimeSpan.FromHours(8));

    public static IndicatorDefined Defined(
        MeasureKind measure = MeasureKind.Amount, ValueKind valueKind = ValueKind.YearToDate, Frequency frequency = Frequency.Monthly,
        string unit = "亿元", Baseline? baseline = null) =>
        new("qingzhou-2024", 2024, "LOCAL-PROCUREMENT", "“地企互采”金额", "一", measure, valueKind, frequency, unit, "gxj", true,
            "“地企互采”金额突破 30 亿元", baseline, ActedBy.System());

    public static TargetSet TargetOf(decimal value, Comparator comparator = Comparator.Exceed, decimal tolerance = 0) =>
        new(new Target(value, comparator, tolerance), new DateOnly(2024, 1, 12), "source", ActedBy.System());

    public static ValueReported Reported(string period, decimal value, string? reportId = null, string unit = "亿元") =>
        new(Period.Parse(period), value, reportId ?? $"r-{period}", value, unit, null, null, Reporter);

    /// <summary>The state after the events, each recorded a minute after the previous, from 1 Feb 2024.</summary>
    public static IndicatorState History(params object[] events) =>
        IndicatorState.From(events.Select((e, i) => (e, new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i))));

    public static IndicatorState Procurement(params object[] figures) =>
        History([Defined(), TargetOf(30m), .. figures]);

    public static T ShouldAccept<T>(this Decision decision) =>
        decision.ShouldBeOfType<Decision.Accepted>().Events.ShouldHaveSingleItem().ShouldBeOfType<T>();

    public static Refusal ShouldRefuse(this Decision decision, RefusalKind kind, string field) =>
        decision.ShouldBeOfType<Decision.Refused>().Refusal.ShouldRefuse(kind, field);

    public static Refusal ShouldRefuse(this Refusal refusal, RefusalKind kind, string field)
    {
        refusal.Kind.ShouldBe(kind);
        refusal.Field.ShouldBe(field);
        refusal.Message.ShouldNotBeNullOrWhiteSpace();
        refusal.Clerk.ShouldBeClerkText();
        return refusal;
    }

    /// <summary>
    /// What a clerk reads is Chinese: it has Chinese words and no English phrase. Codes, ids and periods
    /// (gxj, 2024-Q1) may appear; two English words in a row are rule text that was not translated.
    /// </summary>
    public static void ShouldBeClerkText(this string text)
    {
        text.ShouldMatch(@"\p{IsCJKUnifiedIdeographs}", "no Chinese in: " + text);
        text.ShouldNotMatch(@"[A-Za-z]{2,}[\s,;:()]+[A-Za-z]{2,}", "English in: " + text);
    }
}
