using System.Text.Json;
using Membership.Web.Accounts;
using Membership.Web.Entitlements;
using Membership.Web.Hosting;
using Membership.Web.MyAccount;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Rights;

public sealed record PauseRequest(int? Months);
public sealed record PauseResponse(DateTimeOffset ResumesAt);
public sealed record WithdrawResponse(DateTimeOffset DeclaredAt);

/// <summary>The reader's rights over the JSON API: data export, pause, withdrawal.</summary>
public static class RightsApi
{
    public static IEndpointRouteBuilder MapRightsApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").RequireAuthorization().WithTags("Reader rights");
        me.MapGet("/export", ExportAsync).WithSummary("Everything held about the signed-in reader, as JSON.");
        me.MapPost("/subscription/pause", PauseAsync).WithBodyLimit(1024)
            .WithSummary("Pause the membership for 1–3 months (no charges, ads shown); it resumes by itself.");
        me.MapPost("/subscription/unpause", UnpauseAsync).WithSummary("End a pause now.");
        me.MapPost("/subscription/withdraw", WithdrawAsync)
            .WithSummary("Withdraw from the contract within the withdrawal period: refund and immediate end.");
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext http, AccountExport export, CancellationToken cancellationToken)
    {
        var document = await export.ExportAsync(http.User.ReaderId()!.Value, cancellationToken);
        if (document is null)
            return TypedResults.Unauthorized();
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(document, JsonSerializerOptions.Web);
    }

    private static async Task<Results<Ok<PauseResponse>, ValidationProblem, ProblemHttpResult>> PauseAsync(
        PauseRequest request, HttpContext http, ReaderRights rights, AdFreePass pass, Microsoft.Extensions.Options.IOptions<LegalOptions> legal,
        CancellationToken cancellationToken)
    {
        var max = legal.Value.MaxPauseMonths;
        if (request.Months is not { } months || months < 1 || months > max)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["months"] = [$"Choose between 1 and {max} months."] });
        var result = await rights.PauseAsync(http.User.ReaderId()!.Value, months, cancellationToken);
        if (result.Outcome != RightOutcome.Done)
            return NoSubscription();
        // The browser's pass still says ad-free; without it the snippet asks again and shows the ads.
        pass.Remove(http);
        return TypedResults.Ok(new PauseResponse(result.At!.Value));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnpauseAsync(HttpContext http, ReaderRights rights, CancellationToken cancellationToken) =>
        (await rights.UnpauseAsync(http.User.ReaderId()!.Value, cancellationToken)).Outcome == RightOutcome.Done ? TypedResults.NoContent() : NoSubscription();

    private static async Task<Results<Ok<WithdrawResponse>, ProblemHttpResult>> WithdrawAsync(HttpContext http, ReaderRights rights, CancellationToken cancellationToken)
    {
        var result = await rights.WithdrawAsync(http.User.ReaderId()!.Value, cancellationToken);
        return result.Outcome switch
        {
            RightOutcome.Done => TypedResults.Ok(new WithdrawResponse(result.At!.Value)),
            RightOutcome.NotAllowed => TypedResults.Problem(result.Detail, statusCode: StatusCodes.Status409Conflict, title: "The withdrawal period is over"),
            _ => NoSubscription(),
        };
    }

    private static ProblemHttpResult NoSubscription() =>
        TypedResults.Problem("You have no membership that renews.", statusCode: StatusCodes.Status409Conflict, title: "No subscription");
}
