namespace QingzhouPlan.Domain.Targets;

/// <summary>
/// A quantified target: a value in the indicator's unit, how it is worded, and for 左右 the tolerance
/// either side that still counts as met (in the same unit; 0.5 means ±0.5 percentage points for 5.5%).
/// </summary>
[GenerateSerializer, Immutable, Alias("Target")]
public sealed record Target(
    [property: Id(0)] decimal Value,
    [property: Id(1)] Comparator Comparator,
    [property: Id(2)] decimal Tolerance = 0m)
{
    /// <summary>
    /// Whether a final figure meets the target as worded. 左右 is met from the tolerance below the value
    /// upwards: execution reports count overshooting a growth target as fulfilment (超额完成), not a miss.
    /// 突破 needs more than the value; 力争 is met like 达到, its shortfall is only softer.
    /// </summary>
    public bool IsMetBy(decimal actual) => Comparator switch
    {
        Comparator.Approximately => actual >= Value - Tolerance,
        Comparator.AtLeast or Comparator.Reach or Comparator.Strive => actual >= Value,
        Comparator.Exceed => actual > Value,
        Comparator.AtMost => actual <= Value,
        _ => throw new ArgumentOutOfRangeException(nameof(Comparator), Comparator, null),
    };

    /// <summary>The plan's own wording, for user-facing text: "5.5%左右", "90亿元以上".</summary>
    public string Describe(string unit) => Comparator switch
    {
        Comparator.Approximately => $"{Number}{unit}左右",
        Comparator.AtLeast => $"{Number}{unit}以上",
        Comparator.Exceed => $"突破{Number}{unit}",
        Comparator.Strive => $"力争{Number}{unit}",
        Comparator.Reach => $"{Number}{unit}",
        Comparator.AtMost => $"{Number}{unit}以内",
        // Text must never fail: an event recorded before comparators were checked may carry an unknown one.
        _ => $"{Number}{unit}（未知比较方式 {(int)Comparator}）",
    };

    // The same digits on every machine, whatever its locale: documents built from this text must not differ by host.
    private string Number => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
