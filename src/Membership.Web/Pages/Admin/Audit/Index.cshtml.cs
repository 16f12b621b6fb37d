using Membership.Web.Admin;
using Membership.Web.AdminActions;
using Membership.Web.Data;
using Microsoft.AspNetCore.Mvc;

namespace Membership.Web.Pages.Admin.Audit;

public sealed class IndexModel(AuditTrail audit, MembershipDbContext db) : AdminPageModel
{
    public static readonly string[] KnownActions =
        ["api_key.create", "api_key.revoke", "grant.create", "grant.end", "plan.create", "plan.update", "plan.archive", "plan.unarchive", "plan.price_change", "reader.sync", "stripe_event.replay"];

    [FromQuery(Name = "readerId")]
    public Guid? ReaderId { get; set; }

    [FromQuery(Name = "actor")]
    public string? Actor { get; set; }

    [FromQuery(Name = "action")]
    public string? Action { get; set; }

    [FromQuery(Name = "cursor")]
    public string? Cursor { get; set; }

    public Page<AuditView> Results { get; private set; } = new([], null);

    /// <summary>Each entry of <see cref="Results"/> in words.</summary>
    public IReadOnlyList<(AuditView Entry, AuditStory Story)> Stories { get; private set; } = [];

    public bool Filtered => ReaderId is not null || !string.IsNullOrEmpty(Actor) || !string.IsNullOrEmpty(Action);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            ShowError(AdminError.Invalid(new Dictionary<string, string[]> { ["readerId"] = ["The reader id is not a reader id (a GUID)."] }));
            return;
        }
        var result = await audit.ListAsync(ReaderId, Actor, Action, Cursor, null, cancellationToken);
        if (result.Value is { } page)
        {
            Results = page;
            var names = await AuditNamesQuery.LoadAsync(db, page.Items, cancellationToken);
            Stories = page.Items.Select(entry => (entry, AuditStories.Tell(entry, names))).ToList();
        }
        else
            ShowError(result.Error!);
    }

    public string Link(string? cursor) =>
        "/admin/audit" + QueryString.Create(new Dictionary<string, string?>
        {
            ["readerId"] = ReaderId?.ToString(),
            ["actor"] = Actor,
            ["action"] = Action,
            ["cursor"] = cursor,
        }.Where(p => !string.IsNullOrEmpty(p.Value)));
}
