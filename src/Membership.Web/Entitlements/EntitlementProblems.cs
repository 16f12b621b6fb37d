using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Entitlements;

/// <summary>How the entitlement endpoints say "from memory, may be out of date" and "cannot answer now".</summary>
public static class EntitlementProblems
{
    /// <summary>Set (to <c>true</c>) on answers served from memory while the database is unreachable.</summary>
    public const string StaleHeader = "X-Entitlement-Stale";

    public static EntitlementView MarkIfStale(HttpContext http, EntitlementRead read)
    {
        if (!read.Stale)
            return read.View!;
        http.Response.Headers[StaleHeader] = "true";
        return read.View! with { Stale = true };
    }

    public static ProblemHttpResult Unavailable(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "5";
        return TypedResults.Problem(
            title: "Entitlements are temporarily unavailable",
            detail: "The entitlement store cannot be reached and no recent answer is held in memory. Try again shortly.",
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
