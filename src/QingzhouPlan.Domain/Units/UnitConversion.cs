namespace QingzhouPlan.Domain.Units;

public abstract record UnitConversion
{
    private UnitConversion() { }

    public sealed record Converted(decimal Value) : UnitConversion;

    public sealed record Refused(string Reason) : UnitConversion;
}
