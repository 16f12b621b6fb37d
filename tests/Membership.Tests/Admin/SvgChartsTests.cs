using System.Globalization;
using System.Xml.Linq;
using Membership.Web.Admin;

namespace Membership.Tests.Admin;

public sealed class SvgChartsTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static double Number(XElement e, string attribute) => double.Parse(e.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);

    [Fact]
    public void Bars_are_as_long_as_their_values_and_labels_are_text_not_markup()
    {
        var svg = XElement.Parse(SvgCharts.HorizontalBars("c", "Title", "Description",
            [new("active", 300), new("<script>alert(1)</script>", 100), new("canceled", 0)]));

        var bars = svg.Descendants(Svg + "rect").ToList();
        Assert.Equal(3 * Number(bars[1], "width"), Number(bars[0], "width"), tolerance: 0.5);
        Assert.Equal(0, Number(bars[2], "width"));
        Assert.Empty(svg.Descendants(Svg + "script"));
        Assert.Contains(svg.Descendants(Svg + "title"), t => t.Value == "<script>alert(1)</script>: 100");
        Assert.Equal("img", svg.Attribute("role")!.Value);
    }

    [Fact]
    public void Each_day_shows_new_above_and_churned_below_the_same_line_at_one_scale()
    {
        var first = new DateOnly(2026, 1, 1);
        var svg = XElement.Parse(SvgCharts.NewAndChurnedPerDay("d", "Daily",
            [new DayCount(first, 3, 1), new DayCount(first.AddDays(1), 0, 0), new DayCount(first.AddDays(2), 6, 2)]));

        var news = svg.Descendants(Svg + "rect").Where(r => r.Attribute("class")!.Value == "new").ToList();
        var churned = svg.Descendants(Svg + "rect").Where(r => r.Attribute("class")!.Value == "churned").ToList();
        Assert.Equal(2, news.Count);
        Assert.Equal(2 * Number(news[0], "height"), Number(news[1], "height"), tolerance: 0.5);
        Assert.Equal(3 * Number(churned[0], "height"), Number(news[0], "height"), tolerance: 0.5);
        // New bars end on the line where churned bars start.
        Assert.Equal(Number(news[0], "y") + Number(news[0], "height"), Number(churned[0], "y"), tolerance: 0.5);
        Assert.Contains(svg.Descendants(Svg + "title"), t => t.Value == "Jan 3: 6 new, 2 churned");
        Assert.Contains("9 new and 3 churned", svg.Element(Svg + "desc")!.Value, StringComparison.Ordinal);
    }
}
