using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Membership.Web.ApiKeys;

/// <summary><c>Authorization: Bearer &lt;key&gt;</c> with a site or admin API key, checked against the in-memory ring.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyRing keys, ApiKeyUsage usage)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public static bool TryReadBearer(HttpRequest request, out ReadOnlyMemory<char> token)
    {
        const string Prefix = "Bearer ";
        var header = request.Headers.Authorization;
        token = default;
        if (header.Count != 1 || header[0] is not { } value || !value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            return false;
        token = value.AsMemory(Prefix.Length).Trim();
        return token.Length > 0;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!TryReadBearer(Request, out var presented))
            return AuthenticateResult.NoResult();
        var key = await keys.FindAsync(presented, Context.RequestAborted);
        if (key is null)
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        usage.Touch(key.Id);
        return AuthenticateResult.Success(new AuthenticationTicket(key.CreatePrincipal(SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (IsPageWithoutKey())
            return Task.CompletedTask;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        IsPageWithoutKey() ? Task.CompletedTask : base.HandleForbiddenAsync(properties);

    /// <summary>
    /// The Admin policy names this scheme beside the sign-in cookie. A page visited without a key is the
    /// cookie's to answer (sign-in or access-denied page); a 401 or 403 from here would overwrite it.
    /// </summary>
    private bool IsPageWithoutKey() =>
        !Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !TryReadBearer(Request, out _);
}
