using Membership.Web.Accounts;
using Membership.Web.Pages.Account;
using Membership.Web.Rights;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Membership.Web.Pages.Cancel;

/// <summary>
/// <c>/cancel</c>: cancel without signing in (§312k BGB). The reader names their address; the mailed link
/// opens the confirmation step. The answer is the same whether or not the address has a membership.
/// </summary>
[AllowAnonymous]
public sealed class IndexModel(UserManager<Reader> users, ReaderRights rights, CancelLinks links, RightsMail mail, IOptions<LegalOptions> legal) : PageModel
{
    [BindProperty]
    public EmailInput Input { get; set; } = new();

    public string? SentTo { get; private set; }

    public IActionResult OnGet()
    {
        if (User.ReaderId() is { } readerId)
            return Redirect("/cancel/confirm?token=" + Uri.EscapeDataString(links.Create(readerId)));
        return legal.Value.CancelWithoutSignIn ? Page() : Redirect("/account/login?returnUrl=%2Faccount%2Fcancel");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!legal.Value.CancelWithoutSignIn)
            return NotFound();
        if (!ModelState.IsValid)
            return this.WithStatus(StatusCodes.Status400BadRequest);
        if (await users.FindByEmailAsync(Input.Email) is { Email: { } address } reader)
        {
            var subscription = await rights.RenewingAsync(reader.Id, cancellationToken);
            if (subscription is { CancelAtPeriodEnd: false, CancelAt: null })
                mail.CancelLink(address, links.Create(reader.Id));
            else
                mail.NoMembershipToCancel(address);
        }
        SentTo = Input.Email;
        return Page();
    }
}
