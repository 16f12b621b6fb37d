namespace Membership.Web.Accounts;

/// <summary>
/// The service's authorization policies, by name. Endpoints ask for a policy, never for a role or a
/// scheme directly, so adding a way to authenticate (an API key) changes one place. The site's
/// entitlement API is the one exception: its key check is an endpoint filter (SiteApiKeyFilter), for speed.
/// </summary>
public static class AuthorizationPolicies
{
    /// <summary>Admins: the Admin role from a signed-in admin (cookie or bearer) or an admin API key.</summary>
    public const string Admin = "Admin";
}
