using System.Globalization;
using System.Net;
using System.Text;

namespace Membership.Web.Admin;

/// <summary>
/// Charts drawn on the server as inline SVG: no script, nothing to download, readable by screen readers
/// (role="img" with a title and a description; each mark has its own title). Pages put the numbers
/// beside each chart and a table alternative under it.
/// </summary>
public static class SvgCharts
{
    public sealed record Bar(string Label, long Value, string CssClass = "bar");

    /// <summary>One horizontal bar per label, its value written at the end of the bar.</summary>
    public static string HorizontalBars(string id, string title, string description, IReadOnlyList<Bar> bars)
    {
        const int width = 460, labelWidth = 110, valueWidth = 70, rowHeight = 30, barHeight = 20;
        var height = Math.Max(1, bars.Count) * rowHeight;
        var max = Math.Max(1, bars.Count == 0 ? 0 : bars.Max(b => b.Value));
        var svg = Open(id, title, description, width, height);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = i * rowHeight;
            var length = (double)bar.Value / max * (width - labelWidth - valueWidth);
            svg.Append(CultureInfo.InvariantCulture, $"""<g><title>{Encode(bar.Label)}: {bar.Value:N0}</title>""")
                .Append(CultureInfo.InvariantCulture, $"""<text x="{labelWidth - 8}" y="{y + 19}" text-anchor="end" class="label">{Encode(bar.Label)}</text>""")
                .Append(CultureInfo.InvariantCulture, $"""<rect x="{labelWidth}" y="{y + 5}" width="{Math.Max(bar.Value > 0 ? 2 : 0, length):0.#}" height="{barHeight}" class="{bar.CssClass}"/>""")
                .Append(CultureInfo.InvariantCulture, $"""<text x="{labelWidth + length + 6:0.#}" y="{y + 19}" class="value">{bar.Value:N0}</text></g>""");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>New members per day above the line, churned below it.</summary>
    public static string NewAndChurnedPerDay(string id, string title, IReadOnlyList<DayCount> days)
    {
        const int width = 900, height = 260, left = 44, right = 8, top = 12, bottom = 28;
        var maxNew = days.Count == 0 ? 0 : days.Max(d => d.New);
        var maxChurned = days.Count == 0 ? 0 : days.Max(d => d.Churned);
        var plot = height - top - bottom;
        var scale = (double)plot / Math.Max(1, maxNew + maxChurned);
        var zero = top + (maxNew + maxChurned == 0 ? plot / 2.0 : maxNew * scale);
        var step = (double)(width - left - right) / Math.Max(1, days.Count);
        var description = days.Count == 0 ? "No days."
            : $"From {Day(days[0].Day)} to {Day(days[^1].Day)}: {days.Sum(d => d.New):N0} new and {days.Sum(d => d.Churned):N0} churned; " +
              $"at most {maxNew:N0} new and {maxChurned:N0} churned in a day.";
        var svg = Open(id, title, description, width, height);
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{left - 6}" y="{top + 10}" text-anchor="end" class="axis">{maxNew:N0}</text>""")
            .Append(CultureInfo.InvariantCulture, $"""<text x="{left - 6}" y="{zero + 4:0.#}" text-anchor="end" class="axis">0</text>""")
            .Append(CultureInfo.InvariantCulture, $"""<text x="{left - 6}" y="{height - bottom}" text-anchor="end" class="axis">{maxChurned:N0}</text>""");
        for (var i = 0; i < days.Count; i++)
        {
            var d = days[i];
            var x = left + i * step;
            var barWidth = Math.Max(1, step - 2);
            svg.Append(CultureInfo.InvariantCulture, $"""<g><title>{Day(d.Day)}: {d.New:N0} new, {d.Churned:N0} churned</title>""")
                .Append(CultureInfo.InvariantCulture, $"""<rect x="{x:0.#}" y="{top}" width="{step:0.#}" height="{plot}" class="hit"/>""");
            if (d.New > 0)
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x + 1:0.#}" y="{zero - d.New * scale:0.#}" width="{barWidth:0.#}" height="{d.New * scale:0.#}" class="new"/>""");
            if (d.Churned > 0)
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x + 1:0.#}" y="{zero:0.#}" width="{barWidth:0.#}" height="{d.Churned * scale:0.#}" class="churned"/>""");
            svg.Append("</g>");
            if (i == 0 || i == days.Count - 1 || i % 30 == 0)
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x + step / 2:0.#}" y="{height - 8}" text-anchor="{(i == days.Count - 1 ? "end" : i == 0 ? "start" : "middle")}" class="axis">{Day(d.Day)}</text>""");
        }
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{left}" x2="{width - right}" y1="{zero:0.#}" y2="{zero:0.#}" class="baseline"/>""");
        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string id, string title, string description, int width, int height) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"""<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-title {id}-desc" id="{id}">""")
            .Append(CultureInfo.InvariantCulture, $"""<title id="{id}-title">{Encode(title)}</title><desc id="{id}-desc">{Encode(description)}</desc>""");

    private static string Day(DateOnly day) => day.ToString("MMM d", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
