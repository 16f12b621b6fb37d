using Membership.Web.ApiKeys;
using Microsoft.AspNetCore.Mvc;

namespace Membership.Web.Pages.Admin.Keys;

public sealed class IndexModel(ApiKeyAdmin keys) : AdminPageModel
{
    public IReadOnlyList<ApiKeySummary> Keys { get; private set; } = [];

    [BindProperty]
    public KeyForm Input { get; set; } = new();

    /// <summary>The key just issued: on this one response only, never in a redirect or TempData cookie.</summary>
    public CreatedApiKey? Created { get; private set; }

    /// <summary>Set by ?revoke=: the page asks before revoking that key.</summary>
    [FromQuery(Name = "revoke")]
    public Guid? ConfirmRevoke { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Keys = await keys.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var result = await keys.CreateAsync(User, new ApiKeyRequest(Input.Name, Input.Kind), cancellationToken);
        if (result.Value is { } created)
        {
            Created = created;
            Input = new KeyForm();
            ModelState.Clear();
            Response.Headers.CacheControl = "no-store";
        }
        else
        {
            ShowError(result.Error!, "Input.");
        }
        Keys = await keys.ListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await keys.RevokeAsync(User, id, cancellationToken);
        if (result.Value is { } key)
            Flash($"Key {key.Name} ({key.Prefix}…) is revoked: every instance refuses it within a second.");
        else
            Flash(result.Error!.Summary, failed: true);
        return RedirectToPage();
    }
}
