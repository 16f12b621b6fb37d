using System.Net;
using System.Net.Http.Json;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Accounts;

public sealed class EmailAddressTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private static Dictionary<string, string> ChangeForm(string newEmail, string password = Readers.Password) =>
        new() { ["Input.NewEmail"] = newEmail, ["Input.Password"] = password };

    [Fact]
    public async Task Changing_the_address_takes_effect_when_the_link_sent_to_the_new_one_is_opened()
    {
        var oldEmail = await app.RegisterAsync();
        var newEmail = AccountFixtures.NewEmail("moved");
        var browser = await app.SignedInBrowserAsync(oldEmail);

        (await browser.SubmitAsync("/account/email", ChangeForm(newEmail))).AssertRedirect("/account");
        Assert.Contains(newEmail, (await browser.GetPageAsync("/account")).Flash(), StringComparison.Ordinal);
        Assert.Equal(oldEmail, await app.WithDbAsync(db => db.Users.Where(r => r.Email == oldEmail).Select(r => r.Email).SingleAsync()));

        var link = new Uri(MailFolder.Link(await app.Mail.WaitForAsync(newEmail, "Confirm your new email"), "/account/confirm-email"));
        var confirmed = await browser.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var reader = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(r => r.Email == newEmail));
        Assert.Equal(newEmail, reader.UserName);
        Assert.True(reader.EmailConfirmed);
        var notice = await app.Mail.WaitForAsync(oldEmail, "email address was changed");
        Assert.Contains(newEmail, notice.TextBody, StringComparison.Ordinal);
        Assert.Contains(newEmail, (await browser.GetPageAsync("/account")).QuerySelector("main")!.TextContent, StringComparison.Ordinal); // still signed in
        await app.SignedInBrowserAsync(newEmail);
    }

    [Fact]
    public async Task A_change_to_an_address_another_account_took_meanwhile_is_refused_by_the_link()
    {
        var email = await app.RegisterAsync();
        var wanted = AccountFixtures.NewEmail("wanted");
        var browser = await app.SignedInBrowserAsync(email);
        (await browser.SubmitAsync("/account/email", ChangeForm(wanted))).AssertRedirect("/account");
        var link = new Uri(MailFolder.Link(await app.Mail.WaitForAsync(wanted, "Confirm your new email"), "/account/confirm-email"));
        await app.RegisterAsync(email: wanted);

        var response = await browser.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Another account uses that address", (await response.ReadPageAsync()).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await app.CountReadersAsync(email));
        Assert.Equal(1, await app.CountReadersAsync(wanted));
    }

    [Theory]
    [InlineData("{new}", "Wrong-Password-1", "Input.Password")]
    [InlineData("{new}", "", "Input.Password")]
    [InlineData("{same}", Readers.Password, "Input.NewEmail")]
    [InlineData("not-an-email", Readers.Password, "Input.NewEmail")]
    [InlineData("300 characters", Readers.Password, "Input.NewEmail")]
    public async Task A_bad_change_request_is_a_400_and_mails_nobody(string newEmail, string password, string field)
    {
        var email = await app.RegisterAsync();
        var browser = await app.SignedInBrowserAsync(email);
        newEmail = newEmail switch
        {
            "{new}" => AccountFixtures.NewEmail("moved"),
            "{same}" => email.ToUpperInvariant(),
            "300 characters" => new string('a', 300) + "@example.test", // over 254; far longer is refused before the page (HostileInputTests)
            _ => newEmail,
        };
        await app.FlushMailAsync();
        var mailBefore = (await app.Mail.AllAsync()).Count;

        var response = await browser.SubmitAsync("/account/email", ChangeForm(newEmail, password));
        await app.FlushMailAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadPageAsync()).QuerySelector($".error-summary a[href='#{field.Replace('.', '_')}']"));
        Assert.Equal(mailBefore + 1, (await app.Mail.AllAsync()).Count); // the flush marker alone
        Assert.Equal(1, await app.CountReadersAsync(email));
    }

    [Theory]
    [InlineData("userId=not-a-guid&code=abc")]
    [InlineData("userId={id}&code=tampered")]
    [InlineData("userId={id}")]
    [InlineData("code=abc")]
    [InlineData("")]
    [InlineData("userId={other}&code={code}")]
    public async Task A_broken_confirmation_link_is_a_400_and_confirms_nothing(string query)
    {
        var email = await app.RegisterAsync(confirmed: false);
        var other = await app.RegisterAsync(confirmed: false);
        var link = new Uri(MailFolder.Link(await app.Mail.WaitForAsync(email, "Confirm your email"), "/account/confirm-email"));
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(link.Query)["code"].ToString();
        query = query.Replace("{id}", (await app.ReaderIdAsync(email)).ToString(), StringComparison.Ordinal)
            .Replace("{other}", (await app.ReaderIdAsync(other)).ToString(), StringComparison.Ordinal)
            .Replace("{code}", code, StringComparison.Ordinal)
            .Replace("code=tampered", "code=" + code[..^6] + "AAAAAA", StringComparison.Ordinal);

        var response = await app.CreateBrowser().GetAsync(new Uri("/account/confirm-email?" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This link does not work", (await response.ReadPageAsync()).Heading());
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(r => (r.Email == email || r.Email == other) && r.EmailConfirmed)));
    }

    [Fact]
    public async Task Asking_for_the_confirmation_again_mails_only_unconfirmed_accounts_and_answers_the_same()
    {
        var unconfirmed = await app.RegisterAsync(confirmed: false);
        var confirmed = await app.RegisterAsync();
        var unknown = AccountFixtures.NewEmail();
        var before = new[] { await app.Mail.CountToAsync(unconfirmed), await app.Mail.CountToAsync(confirmed) };

        var flashes = new List<string?>();
        foreach (var email in new[] { confirmed, unknown, unconfirmed })
        {
            var browser = app.CreateBrowser();
            (await browser.SubmitAsync("/account/resend-confirmation", new Dictionary<string, string> { ["Input.Email"] = email }))
                .AssertRedirect("/account/resend-confirmation");
            flashes.Add((await browser.GetPageAsync("/account/resend-confirmation")).Flash()?.Replace(email, "ADDRESS", StringComparison.Ordinal));
        }

        Assert.Single(flashes.Distinct());
        await app.FlushMailAsync();
        Assert.Equal(before[0] + 1, await app.Mail.CountToAsync(unconfirmed));
        Assert.Equal(before[1], await app.Mail.CountToAsync(confirmed));
        Assert.Equal(0, await app.Mail.CountToAsync(unknown));
    }

    [Fact]
    public async Task An_unconfirmed_reader_can_resend_the_link_from_the_account_page()
    {
        var email = await app.RegisterAsync(confirmed: false);
        var browser = await app.SignedInBrowserAsync(email);
        var before = await app.Mail.CountToAsync(email);

        var response = await browser.SubmitAsync("/account", new Dictionary<string, string>(), "main form[action='/account/resend-confirmation']");

        response.AssertRedirect("/account/resend-confirmation");
        await Eventually.UntilAsync(async () => await app.Mail.CountToAsync(email) == before + 1, "the confirmation mail to be sent again");
    }

    [Fact]
    public async Task A_change_asked_through_the_JSON_API_is_confirmed_on_the_page_too()
    {
        var email = await app.RegisterAsync();
        var newEmail = AccountFixtures.NewEmail("api-moved");
        var client = app.CreateClient();
        await client.SignInAsync(email, Readers.Password);

        (await client.PostAsJsonAsync("/api/v1/account/manage/info", new { newEmail })).EnsureSuccessStatusCode();
        var link = new Uri(MailFolder.Link(await app.Mail.WaitForAsync(newEmail, "Confirm your new email"), "/account/confirm-email"));
        var confirmed = await app.CreateBrowser().GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(1, await app.CountReadersAsync(newEmail));
        await app.Mail.WaitForAsync(email, "email address was changed");
    }
}
