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
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
