namespace Membership.Web.Pages.Account;

/// <summary>What Identity's password options ask for (AccountsExtensions), in words for the forms' hints.</summary>
public static class PasswordRules
{
    public const string Hint = "At least 10 characters, with an upper-case and a lower-case letter, a digit and a symbol.";
}
