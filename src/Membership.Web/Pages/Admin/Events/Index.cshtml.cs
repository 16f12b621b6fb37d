using Membership.Web.Admin;
using Membership.Web.Billing;
using Microsoft.AspNetCore.Mvc;

namespace Membership.Web.Pages.Admin.Events;

public sealed class IndexModel(StripeEventLog events, BillingRepairs repairs) : AdminPageModel
{
    [FromQuery(Name = "status")]
    public string? Status { get; set; }

    [FromQuery(Name = "type")]
    public string? Type { get; set; }

    [FromQuery(Name = "cursor")]
    public string? Cursor { get; set; }

    public Page<StripeEventSummary> Results { get; private set; } = new([], null);

    public bool Filtered => !string.IsNullOrEmpty(Status) || !string.IsNullOrEmpty(Type);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var result = await events.ListAsync(Status, Type, Cursor, null, cancellationToken);
        if (result.Value is { } page)
            Results = page;
        else
            ShowError(result.Error!);
    }

    public async Task<IActionResult> OnPostReplayAsync(string eventId, CancellationToken cancellationToken)
    {
        var result = await repairs.ReplayAsync(User, eventId, cancellationToken);
        if (result.Value is null)
            Flash(result.Error!.Summary, failed: true);
        else
            Flash($"Event {eventId} is queued to be processed again.");
        return RedirectToPage(new { status = Status, type = Type, cursor = Cursor });
    }

    /// <summary>This page's address with the current filters and another cursor.</summary>
    public string Link(string? cursor) =>
        "/admin/events" + QueryString.Create(new Dictionary<string, string?> { ["status"] = Status, ["type"] = Type, ["cursor"] = cursor }
            .Where(p => !string.IsNullOrEmpty(p.Value)));
}
