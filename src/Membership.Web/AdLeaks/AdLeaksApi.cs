using System.Buffers;
using Membership.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.AdLeaks;

/// <summary>
/// <c>POST /api/v1/ad-leaks</c>: the snippet's report from an ad-free reader's page (anyone may send one, so it is
/// small, validated, rate limited per address, and nothing about the sender is kept). <c>GET /api/v1/admin/leaks</c>:
/// the admin's counts per day and path, the JSON twin of <c>/admin/leaks</c>.
/// </summary>
public static class AdLeaksApi
{
    public const string RateLimitPolicy = "ad-leak-reports";

    public static IEndpointRouteBuilder MapAdLeaksApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/ad-leaks", ReportAsync).AllowAnonymous().RequireRateLimiting(RateLimitPolicy).WithTags("Ad leaks")
            .WithSummary("An ad-free page view and what leaked on it: {\"path\",\"views\",\"slotLeaks\",\"requestLeaks\",\"consentLeaks\"} as text/plain or JSON.");
        app.MapGet("/api/v1/admin/leaks", ListAsync).RequireAuthorization(AuthorizationPolicies.Admin).WithTags("Admin: numbers")
            .WithSummary("Ad-free page views and leaks (ad slot visible, request to an ad host, consent UI shown) per UTC day and per path, for the last `days` days (default 30).");
        return app;
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ReportAsync(
        HttpRequest request, AdLeakTally tally, CancellationToken cancellationToken)
    {
        if (request.ContentLength > AdLeakReport.MaxBodyBytes)
            return TooLarge();
        var body = new ArrayBufferWriter<byte>(512);
        var chunk = new byte[512];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (body.WrittenCount + read > AdLeakReport.MaxBodyBytes)
                return TooLarge();
            body.Write(chunk.AsSpan(0, read));
        }
        var (report, errors) = AdLeakReport.Parse(body.WrittenSpan);
        if (report is null)
            return TypedResults.ValidationProblem(errors!, title: "The ad-leak report is not valid.");
        if (!report.IsEmpty)
            tally.Add(report);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"A report is at most {AdLeakReport.MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Report too large");

    private static async Task<Results<Ok<AdLeakReportView>, ValidationProblem>> ListAsync(
        int? days, AdLeakStatistics statistics, CancellationToken cancellationToken)
    {
        if (days is < 1 or > AdLeakStatistics.MaxDays)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["days"] = [$"days must be from 1 to {AdLeakStatistics.MaxDays}."] });
        return TypedResults.Ok(await statistics.ReportAsync(days ?? 30, cancellationToken));
    }
}
