using Membership.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

/// <summary>
/// "Email me a code", on any device. The mailed link opens this page with the code filled in; signing in
/// still takes a press of the button, so a mail scanner that follows links signs no one in.
/// </summary>
public sealed class CodeModel(SignInCodes codes, SignInManager<Reader> signIn, ReturnUrls returnUrls) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Sent { get; set; }

    public string? CarriedReturnUrl => returnUrls.SafeOrNull(ReturnUrl);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostSendAsync(CancellationToken cancellationToken)
    {
        if (!SignInCodeApi.IsEmail(Email))
        {
            ModelState.AddModelError(nameof(Email), "Enter a valid email address.");
            return this.WithStatus(StatusCodes.Status400BadRequest);
        }
        await codes.SendAsync(Email!.Trim(), CarriedReturnUrl, cancellationToken);
        return RedirectToPage(new { email = Email.Trim(), returnUrl = CarriedReturnUrl, sent = true });
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        Sent = true;
        if (!SignInCodeApi.IsEmail(Email) || string.IsNullOrWhiteSpace(Code) || Code.Length > 32)
        {
            ModelState.AddModelError(nameof(Code), "Enter the six-digit code from the email.");
            return this.WithStatus(StatusCodes.Status400BadRequest);
        }
        var (check, reader) = await codes.VerifyAsync(Email!.Trim(), Code, cancellationToken);
        if (check != SignInCodeCheck.SignedIn || reader is null)
        {
            ModelState.AddModelError(nameof(Code), check == SignInCodeCheck.Expired
                ? "That code has expired or was used up. Send a new one."
                : "That code is not right. Check the email and try again.");
            Code = null;
            return this.WithStatus(StatusCodes.Status401Unauthorized);
        }
        await signIn.SignInAsync(reader, isPersistent: true);
        return Redirect(returnUrls.Resolve(ReturnUrl));
    }
}
