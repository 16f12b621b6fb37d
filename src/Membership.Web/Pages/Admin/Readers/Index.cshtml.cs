using Membership.Web.Admin;
using Microsoft.AspNetCore.Mvc;

namespace Membership.Web.Pages.Admin.Readers;

public sealed class IndexModel(ReaderSearch search) : AdminPageModel
{
    [FromQuery(Name = "query")]
    public string? Query { get; set; }

    [FromQuery(Name = "cursor")]
    public string? Cursor { get; set; }

    public Page<ReaderSummary> Results { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await search.SearchAsync(Query, Cursor, null, cancellationToken);
        if (result.Value is { } page)
            Results = page;
        else
            ShowError(result.Error!);
    }
}
