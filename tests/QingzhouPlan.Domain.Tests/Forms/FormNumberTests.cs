using QingzhouPlan.Domain.Forms;

namespace QingzhouPlan.Domain.Tests.Forms;

public sealed class FormNumberTests
{
    [Theory]
    [InlineData("1234.5", "1234.5")]
    [InlineData(" 1,234.5 ", "1234.5")]
    [InlineData("1,234,567", "1234567")]
    [InlineData("１２３４．５", "1234.5")]
    [InlineData("１，２３４", "1234")]
    [InlineData("－3.2", "-3.2")]
    [InlineData("\u22123.2", "-3.2")]
    [InlineData("5.5%", "5.5")]
    [InlineData("５．５％", "5.5")]
    [InlineData("12 000", "12000")]
    public void Figures_typed_the_way_people_type_them_are_read(string text, string expected) =>
        FormNumber.Parse(text).ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("约12")]
    [InlineData("12,34")]
    [InlineData("1,2345.6")]
    [InlineData("1.2.3")]
    [InlineData("1320亿")]
    [InlineData("1e5")]
    public void Anything_else_is_not_a_figure(string text) => FormNumber.Parse(text).ShouldBeNull();
}
