using System.Security.Claims;

namespace Membership.Web.Accounts;

public static class ReaderClaims
{
    /// <summary>The signed-in reader's id (Identity puts the user id in the name-identifier claim).</summary>
    public static Guid? ReaderId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
