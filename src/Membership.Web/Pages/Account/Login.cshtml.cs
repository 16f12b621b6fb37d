using System.ComponentModel.DataAnnotations;
using Membership.Web.Accounts;
using Membership.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Membership.Web.Pages.Account;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<Reader> signIn, ReturnUrls returnUrls, IOptions<MembershipOptions> options) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string SiteName => options.Value.SiteName;
    public string? CarriedReturnUrl => returnUrls.SafeOrNull(ReturnUrl);

    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? Redirect(returnUrls.Resolve(ReturnUrl)) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
            return this.WithStatus(StatusCodes.Status400BadRequest);

        var result = await signIn.PasswordSignInAsync(Input.Email, Input.Password, Input.RememberMe, lockoutOnFailure: false);
        if (result.Succeeded)
            return Redirect(returnUrls.Resolve(ReturnUrl));

        // The same answers for an address with an account and one without, so they never tell which it is.
        if (HttpContext.Features.Get<SignInHeldBack>() is { } heldBack)
        {
            Response.Headers.RetryAfter = heldBack.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ModelState.AddModelError(string.Empty, heldBack.Message);
            return this.WithStatus(StatusCodes.Status429TooManyRequests);
        }
        ModelState.AddModelError(string.Empty, result.RequiresTwoFactor
            ? "This account signs in with a second factor, which only the app supports for now."
            : "The email address or password is not right. If you have forgotten your password, reset it.");
        return this.WithStatus(StatusCodes.Status401Unauthorized);
    }
}

public sealed class LoginInput
{
    [Required(ErrorMessage = "Enter your email address.")]
    [StringLength(ReaderLengthValidator.MaxEmailLength, ErrorMessage = "An email address has at most 254 characters.")]
    public string Email { get; set; } = null!;

    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(1000, ErrorMessage = "A password has at most 1000 characters.")]
    public string Password { get; set; } = null!;

    public bool RememberMe { get; set; }
}
