using Microsoft.Playwright;

namespace Membership.BrowserTests.Infrastructure;

/// <summary>One thing a reader did: a click, a field typed in, or a form sent, and the address of the page it was done on.</summary>
public sealed record ReaderAction(string Kind, string What, string PageUrl);

/// <summary>
/// The reader's hands: every click and field fill a journey test performs goes through here and is
/// counted, so the test can say how many actions the reader needed on each page.
/// </summary>
public sealed class ReaderActions(IPage page)
{
    public const string Click = "click";
    public const string Fill = "fill";

    private readonly List<ReaderAction> _done = [];

    public IReadOnlyList<ReaderAction> Done => _done;

    public async Task ClickAsync(ILocator target, string what)
    {
        _done.Add(new ReaderAction(Click, what, page.Url));
        await target.ClickAsync();
    }

    public async Task FillAsync(ILocator field, string value, string what)
    {
        _done.Add(new ReaderAction(Fill, what, page.Url));
        await field.FillAsync(value);
    }

    /// <summary>The actions done on pages whose address starts with <paramref name="origin"/>.</summary>
    public IReadOnlyList<ReaderAction> On(string origin) =>
        [.. _done.Where(a => a.PageUrl.StartsWith(origin, StringComparison.OrdinalIgnoreCase))];

    /// <summary>The actions done anywhere but on pages whose address starts with <paramref name="origin"/>.</summary>
    public IReadOnlyList<ReaderAction> Off(string origin) =>
        [.. _done.Where(a => !a.PageUrl.StartsWith(origin, StringComparison.OrdinalIgnoreCase))];

    public static string Describe(IEnumerable<ReaderAction> actions) =>
        string.Join("; ", actions.Select(a => $"{a.Kind} {a.What}"));
}
