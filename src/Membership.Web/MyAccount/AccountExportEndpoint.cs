using System.Text.Json;
using Membership.Web.Accounts;
using Membership.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Membership.Web.MyAccount;

/// <summary><c>GET /account/export</c>: the signed-in reader's data as a JSON file download.</summary>
public static class AccountExportEndpoint
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static IEndpointRouteBuilder MapAccountExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/account/export", ExportAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExportAsync(
        HttpContext http, AccountExport export, IOptions<MembershipOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var document = http.User.ReaderId() is { } readerId ? await export.ExportAsync(readerId, cancellationToken) : null;
        if (document is null)
            return TypedResults.Challenge();
        var site = new string(options.Value.SiteName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        // Personal data: never kept in a shared cache.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(document, Indented), "application/json",
            $"{site}-account-{time.GetUtcNow():yyyy-MM-dd}.json");
    }
}
