using System.Text;
using System.Text.Json;
using Membership.Web.Accounts;
using Membership.Web.AdminActions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Membership.Web.Importing;

/// <summary>A JSON start of an import; <see cref="Csv"/> may carry the file instead of a text/csv body.</summary>
public sealed record ImportRequest(string? Source, bool? DryRun, string? Csv);

/// <summary>
/// <c>POST /api/v1/admin/imports</c> takes <c>{"source":"stripe"|"csv","dryRun":true|false}</c> as JSON, or for CSV the
/// file itself as the body (<c>Content-Type: text/csv</c>) with <c>?source=csv&amp;dryRun=true|false</c>. dryRun
/// defaults to true: look first, then apply (<c>POST …/{id}/apply</c> applies what a dry run read).
/// </summary>
public static class ImportsApi
{
    public static IEndpointRouteBuilder MapImportsApi(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/api/v1/admin/imports").RequireAuthorization(AuthorizationPolicies.Admin).WithTags("Admin: imports");
        imports.MapPost("/", StartAsync)
            .WithSummary("Queue an import: JSON {source, dryRun, csv?}, or the CSV itself as the body (text/csv) with ?source=csv&dryRun=; 202 with the job. dryRun defaults to true.")
            // A CSV inside JSON may be as large as one sent as the body.
            .WithMetadata(new RequestSizeLimitAttribute(ImportsOptions.MaxCsvLimit));
        imports.MapGet("/", ListAsync).WithSummary("The newest imports with their counts.");
        imports.MapGet("/{id:guid}", GetAsync)
            .WithSummary("An import's status, counts and report (lines after ?after=, at most ?limit= (1-5000, default 500), only ?action= when given).");
        imports.MapPost("/{id:guid}/apply", ApplyAsync).WithSummary("Apply what a dry run read (the same source and file); 202 with the new job.");
        return app;
    }

    private static async Task<Results<Accepted<ImportJob>, ProblemHttpResult>> StartAsync(
        HttpContext http, ImportStarter starter, IOptions<ImportsOptions> options, CancellationToken cancellationToken)
    {
        var request = http.Request;
        string? source;
        bool dryRun;
        string? csv;
        if (request.HasJsonContentType())
        {
            ImportRequest? body;
            try
            {
                body = await request.ReadFromJsonAsync<ImportRequest>(cancellationToken);
            }
            catch (JsonException)
            {
                return Invalid("body", "The body is not the JSON {\"source\":\"stripe\"|\"csv\",\"dryRun\":true|false}.");
            }
            (source, dryRun, csv) = (body?.Source ?? request.Query["source"], body?.DryRun ?? QueryDryRun(request) ?? true, body?.Csv);
        }
        else
        {
            source = request.Query["source"].FirstOrDefault() ?? ImportSources.Csv;
            dryRun = QueryDryRun(request) ?? true;
            if (request.Query["dryRun"].FirstOrDefault() is { } text && QueryDryRun(request) is null)
                return Invalid("dryRun", $"'{(text.Length > 16 ? text[..16] : text)}' is not true or false.");
            if (request.ContentLength > options.Value.MaxCsvBytes)
                return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, detail: $"The CSV is larger than {options.Value.MaxCsvBytes} bytes; split it.");
            csv = await ReadCsvAsync(request, options.Value.MaxCsvBytes, cancellationToken);
            if (csv is null)
                return Invalid("csv", "The CSV is not UTF-8 text, or larger than the limit.");
        }
        var result = await starter.StartAsync(http.User, source?.Trim().ToLowerInvariant(), dryRun, csv, cancellationToken);
        return result.Value is { } job ? TypedResults.Accepted($"/api/v1/admin/imports/{job.Id}", job) : result.Error!.ToProblem();
    }

    private static async Task<Ok<List<ImportJob>>> ListAsync(ImportJobReads reads, CancellationToken cancellationToken, int limit = 50) =>
        TypedResults.Ok(await reads.ListAsync(Math.Clamp(limit, 1, 200), cancellationToken));

    private static async Task<Results<Ok<ImportJob>, ProblemHttpResult>> GetAsync(
        Guid id, ImportJobReads reads, CancellationToken cancellationToken, long after = 0, int limit = ImportJobReads.DefaultReportLimit, string? action = null)
    {
        if (limit is < 1 or > 5000 || after < 0)
            return Invalid("limit", "limit must be between 1 and 5000 and after not negative.");
        if (action is not null && !ImportActions.All.Contains(action))
            return Invalid("action", $"action is one of {string.Join(", ", ImportActions.All)}.");
        return await reads.GetAsync(id, after, limit, action, cancellationToken) is { } job
            ? TypedResults.Ok(job) : AdminError.NotFound("No import has this id.").ToProblem();
    }

    private static async Task<Results<Accepted<ImportJob>, ProblemHttpResult>> ApplyAsync(Guid id, HttpContext http, ImportStarter starter, CancellationToken cancellationToken)
    {
        var result = await starter.ApplyAsync(http.User, id, cancellationToken);
        return result.Value is { } job ? TypedResults.Accepted($"/api/v1/admin/imports/{job.Id}", job) : result.Error!.ToProblem();
    }

    private static bool? QueryDryRun(HttpRequest request) =>
        bool.TryParse(request.Query["dryRun"].FirstOrDefault(), out var value) ? value : null;

    private static async Task<string?> ReadCsvAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        try
        {
            var text = new UTF8Encoding(false, true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            return text.TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static ProblemHttpResult Invalid(string field, string message) => AdminError.Invalid(new Dictionary<string, string[]> { [field] = [message] }).ToProblem();
}
