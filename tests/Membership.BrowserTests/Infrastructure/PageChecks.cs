using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Membership.BrowserTests.Infrastructure;

/// <summary>What every reader-facing page must pass: axe-core without violations, and nothing wider than the screen.</summary>
public static class PageChecks
{
    /// <summary>Runs axe-core (injected by Deque's Playwright binding) on the page as it is now; fails with each violation's rule and first elements.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var result = await page.RunAxe();
        var violations = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}");
        Assert.True(result.Violations.Length == 0, $"axe-core on {page.Url}:{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
    }

    /// <summary>The page scrolls sideways on no screen: the document is no wider than the viewport.</summary>
    public static async Task AssertNoHorizontalOverflowAsync(IPage page)
    {
        var width = page.ViewportSize?.Width ?? throw new InvalidOperationException("The context has no fixed viewport.");
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth} px wide on a {width} px screen; widest: {await WidestElementAsync(page, width)}");
    }

    private static Task<string> WidestElementAsync(IPage page, int width) => page.EvaluateAsync<string>(
        """
        (width) => {
          const out = [...document.body.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > width + 0.5);
          const outer = out.filter(e => !out.includes(e.parentElement));
          return outer.slice(0, 3).map(e => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`).join(', ');
        }
        """, width);
}
