using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Membership.Web.Hosting;

/// <summary>
/// The one place that refuses input the database cannot store, before any endpoint sees it: query
/// strings, route values, form fields and JSON bodies (every string, at any depth) are checked with
/// <see cref="StorableText"/>, and a refusal is a 400 naming the field (a problem for the API, a page
/// for forms). JSON and form bodies are read first, up to the endpoint's body limit
/// (<see cref="BodyLimit"/>, else <see cref="DefaultBodyLimit"/>): more is a 413 before any work.
/// Endpoints marked <see cref="RawBodyMetadata"/> (Stripe's webhook) store what they get and are left alone.
/// </summary>
public sealed class RequestTextGuard(RequestDelegate next)
{
    /// <summary>Every JSON or form body the service takes fits many times over.</summary>
    public const long DefaultBodyLimit = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null || endpoint.Metadata.GetMetadata<RawBodyMetadata>() is not null)
        {
            await next(context);
            return;
        }
        var request = context.Request;
        if (FirstBadValue(request) is { } badValue)
        {
            await BadInputAnswers.UnstorableAsync(context, badValue.Field, badValue.Problem);
            return;
        }
        var json = request.HasJsonContentType();
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true && (json || request.HasFormContentType))
        {
            var limit = endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } declared ? declared.MaxRequestBodySize : DefaultBodyLimit;
            var body = await RequestBodies.ReadAsync(context, limit);
            if (body is null)
                return;
            context.Response.RegisterForDispose(body);
            request.Body = body;
            var bad = json ? JsonProblem(body) : await FormProblemAsync(request, body);
            body.Position = 0;
            if (bad is { } badBody)
            {
                await BadInputAnswers.UnstorableAsync(context, badBody.Field, badBody.Problem);
                return;
            }
        }
        await next(context);
    }

    private static (string Field, string Problem)? FirstBadValue(HttpRequest request)
    {
        foreach (var (key, values) in request.Query)
        {
            if (Check(key, key) is { } badKey)
                return badKey;
            foreach (var value in values)
            {
                if (Check(key, value) is { } bad)
                    return bad;
            }
        }
        foreach (var (key, value) in request.RouteValues)
        {
            if (value is string text && Check(key, text) is { } bad)
                return bad;
        }
        return null;
    }

    private static (string Field, string Problem)? JsonProblem(MemoryStream body) =>
        JsonTextScan.FirstProblem(body.GetBuffer().AsSpan(0, (int)body.Length)) is { } finding ? (finding.Field, finding.Problem) : null;

    private static async Task<(string Field, string Problem)?> FormProblemAsync(HttpRequest request, MemoryStream body)
    {
        Dictionary<string, StringValues> form;
        try
        {
            // ASP.NET Core's own reader refuses a %00 without saying where; this one decodes it, so the field can be named.
            if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            {
                using var reader = new FormReader(body, Encoding.UTF8); // leaves the body open
                form = await reader.ReadFormAsync(request.HttpContext.RequestAborted);
            }
            else
            {
                form = new Dictionary<string, StringValues>(await request.ReadFormAsync(request.HttpContext.RequestAborted));
            }
        }
        catch (InvalidDataException)
        {
            return ("(form)", "could not be read as a form.");
        }
        foreach (var (key, values) in form)
        {
            if (Check(key, key) is { } badKey)
                return badKey;
            foreach (var value in values)
            {
                if (Check(key, value) is { } bad)
                    return bad;
            }
        }
        return null;
    }

    private static (string Field, string Problem)? Check(string field, string? value) =>
        value is not null && StorableText.Problem(value) is { } problem ? (field, problem) : null;
}

/// <summary>Marks an endpoint that reads and stores its body as received (Stripe's webhook): <see cref="RequestTextGuard"/> leaves it alone.</summary>
public sealed class RawBodyMetadata;

/// <summary>The most bytes an endpoint's body may hold; Kestrel enforces it too (routing applies the metadata).</summary>
public sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

public static class RequestTextGuardExtensions
{
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    public static TBuilder WithRawBody<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RawBodyMetadata());
}
