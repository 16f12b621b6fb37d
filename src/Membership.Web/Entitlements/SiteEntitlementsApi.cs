using Membership.Web.ApiKeys;
using Membership.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Membership.Web.Entitlements;

public sealed record EntitlementBatchRequest(IReadOnlyList<Guid>? ReaderIds);

/// <summary><c>items</c>: the readers that exist, in the order asked. <c>unknown</c>: the ids no reader has.</summary>
public sealed record EntitlementBatchResponse(IReadOnlyList<EntitlementView> Items, IReadOnlyList<Guid> Unknown);

/// <summary>The site's servers ask, with a site API key, on every page view: answered from memory.</summary>
public static class SiteEntitlementsApi
{
    public const int MaxBatch = 100;

    /// <summary>100 ids take 3.9 kB as compact JSON; this leaves room for any formatting, and refuses a huge list before it is parsed.</summary>
    public const long BatchBodyLimit = 16 * 1024;

    public static IEndpointRouteBuilder MapSiteEntitlementsApi(this IEndpointRouteBuilder app)
    {
        var site = app.MapGroup("/api/v1/entitlements").WithTags("Entitlements");
        // The hot path's filter first: the key check's 401/403/429 carry the security headers too.
        // The hot path's handlers get the (singleton) entitlements from here, not from the request's services:
        // with its filters made once too, a lookup never opens a service scope.
        var entitlements = app.ServiceProvider.GetRequiredService<SiteEntitlements>();
        site.MapGet("/{readerId:guid}", (Guid readerId, HttpContext http, CancellationToken cancellationToken) => GetAsync(readerId, http, entitlements, cancellationToken)).AsHotPath().AddSingletonFilter<SiteApiKeyFilter>()
            .WithSummary("A reader's entitlement; 404 for an unknown reader.");
        site.MapGet("/", ByEmailAsync).AddSingletonFilter<SiteApiKeyFilter>().WithSummary("The entitlement of the reader with this email; 404 when none.");
        site.MapPost("/batch", (HttpContext http, CancellationToken cancellationToken) => BatchAsync(http, entitlements, cancellationToken)).AsHotPath().AddSingletonFilter<SiteApiKeyFilter>()
            .Accepts<EntitlementBatchRequest>("application/json")
            .Produces<EntitlementBatchResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary($"Up to {MaxBatch} readers at once; unknown ids are listed apart.").WithBodyLimit(BatchBodyLimit);
        return app;
    }

    private static async Task<Results<EntitlementJsonResult, NotFound, ProblemHttpResult>> GetAsync(
        Guid readerId, HttpContext http, SiteEntitlements entitlements, CancellationToken cancellationToken)
    {
        try
        {
            var read = await entitlements.GetAsync(readerId, cancellationToken);
            return read.View is null ? TypedResults.NotFound() : new EntitlementJsonResult(EntitlementProblems.MarkIfStale(http, read));
        }
        catch (EntitlementsUnavailableException)
        {
            return EntitlementProblems.Unavailable(http);
        }
    }

    private static async Task<Results<EntitlementJsonResult, NotFound, ValidationProblem, ProblemHttpResult>> ByEmailAsync(
        string? email, HttpContext http, SiteEntitlements entitlements, EntitlementFactsLoader loader, ILookupNormalizer normalizer,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > 256)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["Give the reader's email address."] });
        try
        {
            var readerId = await loader.FindReaderByEmailAsync(normalizer.NormalizeEmail(email.Trim()), cancellationToken);
            if (readerId is null)
                return TypedResults.NotFound();
            var read = await entitlements.GetAsync(readerId.Value, cancellationToken);
            return read.View is null ? TypedResults.NotFound() : new EntitlementJsonResult(EntitlementProblems.MarkIfStale(http, read));
        }
        catch (Exception e) when (e is EntitlementsUnavailableException or NpgsqlException { IsTransient: true } or TimeoutException)
        {
            // Only a store that cannot be reached is an outage; a query the database refused is not one
            // (bad input reaches the 400 backstop), since sites retry and alert on a 503.
            return EntitlementProblems.Unavailable(http);
        }
    }

    /// <summary>The body is read by <see cref="EntitlementBatchBody"/>, after the key is checked.</summary>
    private static async Task<IResult> BatchAsync(HttpContext http, SiteEntitlements entitlements, CancellationToken cancellationToken)
    {
        var (readerIds, refusal) = await EntitlementBatchBody.ReadAsync(http, BatchBodyLimit, MaxBatch);
        if (refusal is not null)
            return refusal;
        try
        {
            var unknown = new List<Guid>();
            var items = await entitlements.GetManyAsync(readerIds!.Distinct().ToList(), unknown, cancellationToken);
            if (items.Any(i => i.Stale == true))
                http.Response.Headers[EntitlementProblems.StaleHeader] = "true";
            return new EntitlementBatchJsonResult(new EntitlementBatchResponse(items, unknown));
        }
        catch (EntitlementsUnavailableException)
        {
            return EntitlementProblems.Unavailable(http);
        }
    }
}
