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

    private static List<XElement> Axis(XElement svg) => svg.Descendants(Svg + "text").Where(t => t.Attribute("class")?.Value == "axis").ToList();

    /// <summary>The x-axis labels: those under the plot.</summary>
    private static List<XElement> DateLabels(XElement svg) => Axis(svg).Where(t => Number(t, "y") > 240).ToList();

    [Fact]
    public void One_day_of_data_is_one_bar_at_the_left_with_its_date_and_the_value_axis_says_0_once()
    {
        var today = new DateOnly(2026, 12, 6);
        var days = Enumerable.Range(0, 90).Select(i => new DayCount(today.AddDays(i - 89), 0, 0)).ToList();
        days[^1] = new DayCount(today, 2, 0);

        var svg = XElement.Parse(SvgCharts.NewAndChurnedPerDay("d", "Daily", days));

        var bar = Assert.Single(svg.Descendants(Svg + "rect"), r => r.Attribute("class")!.Value == "new");
        Assert.True(Number(bar, "x") + Number(bar, "width") < 120, $"The one bar ends at {Number(bar, "x") + Number(bar, "width")} of 900.");
        Assert.Equal(["Dec 6"], DateLabels(svg).Select(t => t.Value));
        var values = Axis(svg).Except(DateLabels(svg)).ToList();
        Assert.Single(values, t => t.Value == "0");
        Assert.Equal(values.Count, values.Select(t => Math.Round(Number(t, "y") / 14)).Distinct().Count());
        Assert.Contains("From Dec 6 to Dec 6: 2 new and 0 churned", svg.Element(Svg + "desc")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void With_nothing_yet_the_chart_says_so_and_labels_0_once()
    {
        var today = new DateOnly(2026, 12, 6);
        var days = Enumerable.Range(0, 90).Select(i => new DayCount(today.AddDays(i - 89), 0, 0)).ToList();

        var svg = XElement.Parse(SvgCharts.NewAndChurnedPerDay("d", "Daily", days));

        Assert.DoesNotContain(svg.Descendants(Svg + "rect"), r => r.Attribute("class")!.Value is "new" or "churned");
        Assert.Single(Axis(svg), t => t.Value == "0");
        Assert.Contains(Axis(svg), t => t.Value.StartsWith("No reader joined or left", StringComparison.Ordinal));
    }

    [Fact]
    public void A_year_of_days_is_labelled_by_month_with_no_two_labels_crowding_and_all_inside_the_chart()
    {
        var first = new DateOnly(2026, 1, 1);
        var days = Enumerable.Range(0, 365).Select(i => new DayCount(first.AddDays(i), (i % 7) + 1, i % 5)).ToList();

        var svg = XElement.Parse(SvgCharts.NewAndChurnedPerDay("d", "Daily", days));

        var labels = DateLabels(svg);
        Assert.Equal(["Jan 2026", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], labels.Select(t => t.Value));
        var xs = labels.Select(t => Number(t, "x")).ToList();
        Assert.All(xs.Zip(xs.Skip(1)), pair => Assert.True(pair.Second - pair.First >= 50, $"Labels at {pair.First} and {pair.Second} crowd."));
        Assert.All(xs, x => Assert.InRange(x, 0, 900));
        Assert.Equal(365, svg.Descendants(Svg + "rect").Count(r => r.Attribute("class")!.Value == "hit"));
        Assert.Equal(["0", "7", "4"], Axis(svg).Except(labels).Select(t => t.Value));
    }

    [Fact]
    public void Six_weeks_are_labelled_on_Mondays()
    {
        var first = new DateOnly(2026, 11, 1); // a Sunday
        var days = Enumerable.Range(0, 42).Select(i => new DayCount(first.AddDays(i), 1, 0)).ToList();

        var svg = XElement.Parse(SvgCharts.NewAndChurnedPerDay("d", "Daily", days));

        Assert.Equal(["Nov 2", "Nov 9", "Nov 16", "Nov 23", "Nov 30", "Dec 7"], DateLabels(svg).Select(t => t.Value));
    }
}
