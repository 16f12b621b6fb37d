using System.Net;
using System.Text.Json;
using Membership.Tests.Entitlements;
using Membership.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Accounts;

/// <summary>
/// <c>/me/entitlements</c> answers a repeated sign-in cookie without the cookie handler (KnownSessions), and that
/// never keeps a session the handler would end or leave unrenewed: the security stamp is still checked once it is
/// due, an expired cookie is refused, a forged one is never known, and a renewal still comes when it is due.
/// Each browser here sends exactly the cookie it was given, as a real one does.
/// </summary>
public sealed class KnownSessionsTests(ClockedSiteApp app) : IClassFixture<ClockedSiteApp>
{
    private const string SessionCookie = ".AspNetCore.Identity.Application";

    [Fact]
    public async Task A_changed_password_ends_a_known_session_once_its_stamp_is_due_as_it_ends_any_other()
    {
        var (readerId, email, cookie) = await SignedInAsync();
        Assert.Equal(readerId, (await MeAsync(cookie)).ReaderId);
        Assert.Equal(readerId, (await MeAsync(cookie)).ReaderId); // known now: answered without the handler

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var readers = scope.ServiceProvider.GetRequiredService<UserManager<Reader>>();
            Assert.True((await readers.UpdateSecurityStampAsync((await readers.FindByEmailAsync(email))!)).Succeeded);
        }
        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        var after = await MeAsync(cookie);
        Assert.Null(after.ReaderId);
        Assert.Null((await MeAsync(cookie)).ReaderId);
    }

    [Fact]
    public async Task A_known_session_is_still_renewed_when_its_stamp_is_due_and_the_new_cookie_is_known_in_turn()
    {
        var (readerId, _, cookie) = await SignedInAsync();
        Assert.Equal(readerId, (await MeAsync(cookie)).ReaderId);
        Assert.Null((await MeAsync(cookie)).Renewed);

        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var due = await MeAsync(cookie);

        Assert.Equal(readerId, due.ReaderId);
        Assert.NotNull(due.Renewed);
        Assert.NotEqual(cookie, due.Renewed);
        var renewed = await MeAsync(due.Renewed);
        Assert.Equal(readerId, renewed.ReaderId);
        Assert.Null(renewed.Renewed);
        Assert.Equal(readerId, (await MeAsync(due.Renewed)).ReaderId);
    }

    [Fact]
    public async Task An_expired_cookie_is_refused_even_when_it_was_known()
    {
        var (readerId, _, cookie) = await SignedInAsync();
        Assert.Equal(readerId, (await MeAsync(cookie)).ReaderId);
        Assert.Equal(readerId, (await MeAsync(cookie)).ReaderId);

        app.Clock.Advance(TimeSpan.FromDays(15));

        Assert.Null((await MeAsync(cookie)).ReaderId);
    }

    [Fact]
    public async Task A_cookie_changed_by_one_character_is_never_a_known_session()
    {
        var (readerId, _, cookie) = await SignedInAsync();
        Assert.Equal(readerId, (await MeAsync(cookie)).ReaderId);
        var forged = cookie[..^2] + (cookie[^2] == 'A' ? 'B' : 'A') + cookie[^1];

        Assert.Null((await MeAsync(forged)).ReaderId);
        Assert.Null((await MeAsync(forged)).ReaderId);
        Assert.Equal(readerId, (await MeAsync(cookie)).ReaderId);
    }

    private async Task<(Guid ReaderId, string Email, string Cookie)> SignedInAsync()
    {
        var (_, readerId, email) = await app.NewReaderAsync();
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var signIn = await SiteClients.SignInAsync(browser, email, SiteClients.Password);
        return (readerId, email, SessionCookieOf(signIn) ?? throw new InvalidOperationException("Signing in set no session cookie."));
    }

    /// <summary>The reader /me/entitlements names with exactly this cookie, and the session cookie it set in return, if any.</summary>
    private async Task<(Guid? ReaderId, string? Renewed)> MeAsync(string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/me/entitlements", UriKind.Relative));
        request.Headers.Add("Cookie", $"{SessionCookie}={cookie}");
        using var response = await app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }).SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var readerId = body.RootElement.GetProperty("readerId");
        return (readerId.ValueKind == JsonValueKind.Null ? null : readerId.GetGuid(), SessionCookieOf(response));
    }

    private static string? SessionCookieOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.FirstOrDefault(c => c.StartsWith(SessionCookie + "=", StringComparison.Ordinal)) is { } set
            ? set[(SessionCookie.Length + 1)..set.IndexOf(';', StringComparison.Ordinal)]
            : null;
}
