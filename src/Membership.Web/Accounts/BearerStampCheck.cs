using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Membership.Web.Accounts;

/// <summary>
/// Identity's bearer access tokens carry the security stamp of their sign-in but, unlike the cookie,
/// nothing checks it, so a token outlived a password change (or a deletion) by its full hour. This checks
/// it as the cookie's check does: at most once per <see cref="SecurityStampValidatorOptions.ValidationInterval"/>
/// per reader on each instance, so a changed password ends every token within that minute (at once on the
/// instance that changed it: <see cref="Forget"/>). Refresh tokens are checked by Identity's /refresh itself.
/// </summary>
public sealed class BearerStampCheck(TimeProvider time, IOptions<SecurityStampValidatorOptions> stampOptions, IOptions<IdentityOptions> identity)
{
    /// <summary>Every data-protected payload starts so (its magic header, base64url): anything else is not one of Identity's tokens.</summary>
    private const string ProtectedPayloadStart = "CfDJ8";
    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<string, (string Stamp, DateTimeOffset At)> _confirmed = new();
    private readonly TimeSpan _interval = stampOptions.Value.ValidationInterval;
    private readonly string _stampClaim = identity.Value.ClaimsIdentity.SecurityStampClaimType;
    private readonly string _idClaim = identity.Value.ClaimsIdentity.UserIdClaimType;

    public static void Attach(BearerTokenOptions options, BearerStampCheck check)
    {
        var previous = options.Events.OnMessageReceived;
        options.Events.OnMessageReceived = async context =>
        {
            await previous(context);
            if (context.Result is null)
                await check.CheckAsync(context);
        };
    }

    private async Task CheckAsync(MessageReceivedContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = context.Token ?? (header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null);
        // API keys come this way too, on the site's hot path: never try to decrypt them.
        if (token is null || !token.StartsWith(ProtectedPayloadStart, StringComparison.Ordinal))
            return;
        var principal = context.Options.BearerTokenProtector.Unprotect(token)?.Principal;
        if (principal?.FindFirst(_idClaim)?.Value is not { } readerId)
            return; // not a token of ours: the handler refuses it
        var stamp = principal.FindFirst(_stampClaim)?.Value ?? "";
        var now = time.GetUtcNow();
        if (_confirmed.TryGetValue(readerId, out var confirmed) && confirmed.Stamp == stamp && now - confirmed.At < _interval)
            return;
        var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<Reader>>();
        if (await signIn.ValidateSecurityStampAsync(principal) is null)
        {
            context.Fail("The sign-in has ended: the password was changed or the account deleted.");
            return;
        }
        if (_confirmed.Count >= MaxRemembered)
            ForgetOlderThan(now - _interval);
        _confirmed[readerId] = (stamp, now);
    }

    /// <summary>The reader's stamp may have changed here: their tokens are checked afresh on next use.</summary>
    public void Forget(Guid readerId) => _confirmed.TryRemove(readerId.ToString(), out _);

    private void ForgetOlderThan(DateTimeOffset cutoff)
    {
        foreach (var (readerId, confirmed) in _confirmed)
        {
            if (confirmed.At <= cutoff)
                _confirmed.TryRemove(readerId, out _);
        }
    }
}
