namespace Membership.Web.Pages.Admin.Keys;

/// <summary>The "issue a key" form.</summary>
public sealed class KeyForm
{
    public string? Name { get; set; }

    /// <summary><c>site</c> or <c>admin</c>.</summary>
    public string Kind { get; set; } = "site";
}
