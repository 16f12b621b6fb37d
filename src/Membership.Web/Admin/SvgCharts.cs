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

    /// <summary>The width a phone's version of a chart is drawn at: about what a 390 px screen leaves it.</summary>
    public const int PhoneWidth = 320;

    /// <summary>
    /// One horizontal bar per label, its value written at the end of the bar. Drawn about as wide as a phone shows
    /// it (and never shown much wider, see admin.css), so its text stays at its own size there.
    /// </summary>
    public static string HorizontalBars(string id, string title, string description, IReadOnlyList<Bar> bars)
    {
        const int width = 320, labelWidth = 110, valueWidth = 56, rowHeight = 30, barHeight = 20;
        var height = Math.Max(1, bars.Count) * rowHeight;
        var max = Math.Max(1, bars.Count == 0 ? 0 : bars.Max(b => b.Value));
        var svg = Open(id, title, description, width, height, "chart chart-bars");
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

    /// <summary>
    /// New members per day above the line, churned below it. Days before anything happened are left out
    /// and a day's slot is at most <c>MaxSlot</c> wide, so a young service's one day reads as one bar at the
    /// left with its date, not a sliver at the far right of ninety empty days. The date axis labels every
    /// day (up to two weeks), Mondays (up to two months) or months (a year), never two labels on top of
    /// each other; the value axis names the largest day each way and the line, each once.
    /// </summary>
    /// <remarks>
    /// <paramref name="width"/>: the units across, drawn at about the width shown, so the text keeps its size: 900
    /// for a laptop, <see cref="PhoneWidth"/> for a phone's version (fewer date labels follow from the narrower slots).
    /// </remarks>
    public static string NewAndChurnedPerDay(string id, string title, IReadOnlyList<DayCount> days, int width = 900)
    {
        const int height = 260, left = 44, right = 8, top = 12, bottom = 28, maxSlot = 60;
        var firstActive = days.ToList().FindIndex(d => d.New + d.Churned > 0);
        var shown = firstActive <= 0 ? days : days.Skip(firstActive).ToList();
        var maxNew = shown.Count == 0 ? 0 : shown.Max(d => d.New);
        var maxChurned = shown.Count == 0 ? 0 : shown.Max(d => d.Churned);
        var plot = height - top - bottom;
        var scale = (double)plot / Math.Max(1, maxNew + maxChurned);
        var zero = top + (maxNew + maxChurned == 0 ? plot / 2.0 : maxNew * scale);
        var step = Math.Min(maxSlot, (double)(width - left - right) / Math.Max(1, shown.Count));
        var description = shown.Count == 0 ? "No days."
            : maxNew + maxChurned == 0 ? $"From {Day(shown[0].Day)} to {Day(shown[^1].Day)}: no reader joined or left."
            : $"From {Day(shown[0].Day)} to {Day(shown[^1].Day)}: {shown.Sum(d => d.New):N0} new and {shown.Sum(d => d.Churned):N0} churned; " +
              $"at most {maxNew:N0} new and {maxChurned:N0} churned in a day.";
        var svg = Open(id, title, description, width, height);
        foreach (var (value, y) in ValueLabels(maxNew, maxChurned, top + 10, zero + 4, height - bottom))
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{left - 6}" y="{y:0.#}" text-anchor="end" class="axis">{value:N0}</text>""");
        var labelled = DateLabels(shown, step);
        for (var i = 0; i < shown.Count; i++)
        {
            var d = shown[i];
            var x = left + i * step;
            var barWidth = Math.Max(1, step - 2);
            svg.Append(CultureInfo.InvariantCulture, $"""<g><title>{Day(d.Day)}: {d.New:N0} new, {d.Churned:N0} churned</title>""")
                .Append(CultureInfo.InvariantCulture, $"""<rect x="{x:0.#}" y="{top}" width="{step:0.#}" height="{plot}" class="hit"/>""");
            if (d.New > 0)
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x + 1:0.#}" y="{zero - d.New * scale:0.#}" width="{barWidth:0.#}" height="{d.New * scale:0.#}" class="new"/>""");
            if (d.Churned > 0)
                svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x + 1:0.#}" y="{zero:0.#}" width="{barWidth:0.#}" height="{d.Churned * scale:0.#}" class="churned"/>""");
            svg.Append("</g>");
            if (labelled.TryGetValue(i, out var label))
            {
                var centre = x + step / 2;
                var anchor = centre - left < 30 ? "start" : width - right - centre < 30 ? "end" : "middle";
                var at = anchor == "start" ? x : anchor == "end" ? x + step : centre;
                svg.Append(CultureInfo.InvariantCulture, $"""<text x="{at:0.#}" y="{height - 8}" text-anchor="{anchor}" class="axis">{label}</text>""");
            }
        }
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{left}" x2="{left + step * Math.Max(1, shown.Count):0.#}" y1="{zero:0.#}" y2="{zero:0.#}" class="baseline"/>""");
        if (shown.Count > 0 && maxNew + maxChurned == 0)
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{left + 12}" y="{zero - 8:0.#}" class="axis">No reader joined or left in these days.</text>""");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The value axis: the line's 0 always, the largest day each way when there is one and it is not crowding a label kept already.</summary>
    private static List<(long Value, double Y)> ValueLabels(long maxNew, long maxChurned, double topY, double zeroY, double bottomY)
    {
        const double minGap = 14;
        var labels = new List<(long Value, double Y)> { (0, zeroY) };
        if (maxNew > 0 && Math.Abs(topY - zeroY) >= minGap)
            labels.Add((maxNew, topY));
        if (maxChurned > 0 && labels.All(l => Math.Abs(l.Y - bottomY) >= minGap))
            labels.Add((maxChurned, bottomY));
        return labels;
    }

    /// <summary>Which days get a date under them: every day, Mondays or the first of each month, by how many days there are, at least 60 units apart.</summary>
    private static Dictionary<int, string> DateLabels(IReadOnlyList<DayCount> days, double step)
    {
        const double minGap = 60;
        var labels = new Dictionary<int, string>();
        var lastX = double.NegativeInfinity;
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i].Day;
            string? label = days.Count switch
            {
                <= 14 => Day(day),
                <= 62 => i == 0 || day.DayOfWeek == DayOfWeek.Monday ? Day(day) : null,
                _ when day.Day == 1 => day.ToString(day.Month == 1 ? "MMM yyyy" : "MMM", CultureInfo.InvariantCulture),
                _ => i == 0 ? Day(day) : null,
            };
            if (label is null)
                continue;
            var x = i * step;
            if (x - lastX < minGap)
            {
                // A day's own tick (a Monday, a month) wins over the first day's date it would crowd.
                if (labels.Count == 1 && labels.ContainsKey(0) && i > 0)
                    labels.Remove(0);
                else
                    continue;
            }
            labels[i] = label;
            lastX = x;
        }
        return labels;
    }

    private static StringBuilder Open(string id, string title, string description, int width, int height, string css = "chart") =>
        new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"""<svg xmlns="http://www.w3.org/2000/svg" class="{css}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{id}-title {id}-desc" id="{id}">""")
            .Append(CultureInfo.InvariantCulture, $"""<title id="{id}-title">{Encode(title)}</title><desc id="{id}-desc">{Encode(description)}</desc>""");

    private static string Day(DateOnly day) => day.ToString("MMM d", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
