using QingzhouPlan.Domain.Units;

namespace QingzhouPlan.Domain.Tests.Units;

public sealed class UnitCatalogueTests
{
    [Theory]
    [InlineData(12000, "万株", "亿株", 1.2)]
    [InlineData(1.5, "万亩", "亩", 15000)]
    [InlineData(30, "亿元", "万元", 300000)]
    [InlineData(20250, "万美元", "亿美元", 2.025)]
    [InlineData(5.2, "万平方米", "亩", 78)]
    [InlineData(27, "公里", "米", 27000)]
    public void Compatible_units_convert_exactly(decimal value, string from, string to, decimal expected)
    {
        UnitCatalogue.Convert(value, from, to).ShouldBe(new UnitConversion.Converted(expected));
    }

    [Theory]
    [InlineData("个", "亿元")]
    [InlineData("家", "个")]
    [InlineData("万美元", "亿元")]
    [InlineData("%", "个百分点")]
    public void Units_of_different_dimensions_are_refused(string from, string to)
    {
        var refused = UnitCatalogue.Convert(1m, from, to).ShouldBeOfType<UnitConversion.Refused>();
        refused.Reason.Message.ShouldContain($"'{from}'");
        refused.Reason.Clerk.ShouldContain($"「{from}」");
    }

    [Fact]
    public void An_unknown_unit_is_named_in_the_refusal()
    {
        UnitCatalogue.Convert(1m, "斤", "亿元").ShouldBe(new UnitConversion.Refused(new("unknown unit '斤'", "不认识的计量单位「斤」")));
    }
}
