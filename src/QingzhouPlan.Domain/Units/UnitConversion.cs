namespace QingzhouPlan.Domain.Units;

public abstract record UnitConversion
{
    private UnitConversion() { }

    public sealed record Converted(decimal Value) : UnitConversion;

    public sealed record Refused(RuleBreach Reason) : UnitConversion;
}
