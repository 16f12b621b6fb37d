using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.WebUtilities;

namespace Membership.Web.Pages;

/// <summary>
/// The header's "Sign in" and "Create account" links carry the page's return address (the join page
/// with its plan and article, or the address a sign-in page was given), so no detour loses it.
/// A page says what to carry with <see cref="Carry"/>; the layout builds the links with <see cref="Href"/>.
/// </summary>
public static class SignInLinks
{
    private const string Key = "SignInLinks.ReturnUrl";

    /// <summary>Call only with an address already checked (ReturnUrls.SafeOrNull or a path of this service).</summary>
    public static void Carry(ViewDataDictionary viewData, string? returnUrl) => viewData[Key] = returnUrl;

    public static string Href(ViewDataDictionary viewData, string path) =>
        viewData[Key] is string { Length: > 0 } returnUrl ? QueryHelpers.AddQueryString(path, "returnUrl", returnUrl) : path;
}
