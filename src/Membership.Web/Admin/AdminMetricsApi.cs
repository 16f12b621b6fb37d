using Membership.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Admin;

public static class AdminMetricsApi
{
    public static IEndpointRouteBuilder MapAdminMetricsApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").RequireAuthorization(AuthorizationPolicies.Admin).WithTags("Admin: numbers");
        admin.MapGet("/metrics", MetricsAsync).WithSummary(
            "Members by status, MRR (active and past_due subscriptions at their own price, yearly / 12, per currency in minor units; " +
            "trials excluded), new and churned members per UTC day for 90 days, trial conversions and complimentary members.");
        admin.MapGet("/audit", AuditAsync)
            .WithSummary("The audit log, newest first, filtered by reader id, actor (email prefix) and action, a page at a time.");
        admin.MapGet("/stripe-events", StripeEventsAsync)
            .WithSummary("Stored Stripe events, newest first, filtered by status (pending, processed, ignored, failed) and type, a page at a time.");
        return app;
    }

    private static async Task<Ok<MetricsReport>> MetricsAsync(MemberMetrics metrics, CancellationToken cancellationToken) =>
        TypedResults.Ok(await metrics.ReportAsync(cancellationToken));

    private static async Task<Results<Ok<Page<AuditView>>, ProblemHttpResult>> AuditAsync(
        Guid? readerId, string? actor, string? action, string? cursor, int? limit, AuditTrail audit, CancellationToken cancellationToken)
    {
        var result = await audit.ListAsync(readerId, actor, action, cursor, limit, cancellationToken);
        return result.Value is { } page ? TypedResults.Ok(page) : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<Page<StripeEventSummary>>, ProblemHttpResult>> StripeEventsAsync(
        string? status, string? type, string? cursor, int? limit, StripeEventLog events, CancellationToken cancellationToken)
    {
        var result = await events.ListAsync(status, type, cursor, limit, cancellationToken);
        return result.Value is { } page ? TypedResults.Ok(page) : result.Error!.ToProblem();
    }
}
