using Membership.Web.AdminActions;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Admin;

/// <summary>What every admin page does after an action: a message on the next page, or the error on this one.</summary>
public abstract class AdminPageModel : PageModel
{
    /// <summary>Shown once, on the page the action redirects to (post/redirect/get).</summary>
    protected void Flash(string message, bool failed = false)
    {
        TempData["Flash"] = message;
        TempData["FlashKind"] = failed ? "error" : "ok";
    }

    /// <summary>Shows the error on the re-rendered page, each field's message beside its input, with the status the JSON twin gives.</summary>
    protected void ShowError(AdminError error, string fieldPrefix = "")
    {
        ViewData["Error"] = error is { Kind: AdminErrorKind.Invalid, Fields: null or { Count: 0 } } ? "Please correct the fields marked below." : error.Summary;
        foreach (var (field, messages) in error.Fields ?? new Dictionary<string, string[]>())
        {
            foreach (var message in messages)
                ModelState.AddModelError(fieldPrefix + char.ToUpperInvariant(field[0]) + field[1..], message);
        }
        Response.StatusCode = error.ToProblem().StatusCode;
    }
}
