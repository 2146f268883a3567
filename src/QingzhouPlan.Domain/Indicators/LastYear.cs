using QingzhouPlan.Domain.Periods;
using QingzhouPlan.Domain.Units;

namespace QingzhouPlan.Domain.Indicators;

/// <summary>
/// The figures of the previous plan's item an indicator continues (<see cref="IndicatorDefined.Continues"/>), in that
/// item's unit: 上年同期 for every period, where the plan alone knows only last year's result.
/// </summary>
public sealed record LastYear(string Unit, IReadOnlyDictionary<Period, decimal> Figures)
{
    /// <summary>The same period a year earlier, converted into <paramref name="unit"/>; null when not reported or not convertible.</summary>
    public decimal? SamePeriod(Period period, string unit) =>
        Figures.TryGetValue(new Period(period.Kind, period.Year - 1, period.Index), out var value)
        && UnitCatalogue.Convert(value, Unit, unit) is UnitConversion.Converted { Value: var converted }
            ? converted
            : null;
}
