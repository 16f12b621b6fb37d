using System.Net;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Accounts;

public sealed class RegisterPageTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private static Dictionary<string, string> Form(string email, string password = Readers.Password, string? confirm = null, string? displayName = null) => new()
    {
        ["Input.Email"] = email,
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm ?? password,
        ["Input.DisplayName"] = displayName ?? "",
    };

    [Fact]
    public async Task Registering_creates_an_unconfirmed_reader_and_mails_a_link_that_confirms_it()
    {
        var email = AccountFixtures.NewEmail();
        var browser = app.CreateBrowser();

        var response = await browser.SubmitAsync("/account/register", Form(email, displayName: "Ada"));

        response.AssertRedirect("/account/check-email");
        var reader = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(r => r.Email == email));
        Assert.False(reader.EmailConfirmed);
        Assert.Equal("Ada", reader.DisplayName);
        Assert.True(reader.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Contains(email, (await browser.GetPageAsync("/account/check-email")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(new Uri("/account", UriKind.Relative))).StatusCode); // not signed in

        var link = new Uri(MailFolder.Link(await app.Mail.WaitForAsync(email, "Confirm your email"), "/account/confirm-email"));
        Assert.Equal("http://127.0.0.1:5080", link.GetLeftPart(UriPartial.Authority)); // Membership__PublicUrl, not the request's host
        var confirmed = await browser.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("Email address confirmed", (await confirmed.ReadPageAsync()).Heading());
        Assert.True(await app.WithDbAsync(db => db.Users.Where(r => r.Id == reader.Id).Select(r => r.EmailConfirmed).SingleAsync()));
    }

    [Fact]
    public async Task Registering_an_address_that_has_an_account_looks_the_same_and_tells_the_owner_instead()
    {
        var taken = await app.RegisterAsync();
        var hashBefore = await app.WithDbAsync(db => db.Users.Where(r => r.Email == taken).Select(r => r.PasswordHash).SingleAsync());

        var fresh = await app.CreateBrowser().SubmitAsync("/account/register", Form(AccountFixtures.NewEmail()));
        var duplicate = await app.CreateBrowser().SubmitAsync("/account/register", Form(taken.ToUpperInvariant(), "Other-Password-7"));

        Assert.Equal(fresh.StatusCode, duplicate.StatusCode);
        Assert.Equal(fresh.Headers.Location, duplicate.Headers.Location);
        Assert.Equal(1, await app.CountReadersAsync(taken));
        Assert.Equal(hashBefore, await app.WithDbAsync(db => db.Users.Where(r => r.Email == taken).Select(r => r.PasswordHash).SingleAsync()));
        var notice = await app.Mail.WaitForAsync(taken, "Someone tried to create");
        Assert.Contains("/account/forgot-password", notice.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", Readers.Password, Readers.Password, "", "Input.Email")]
    [InlineData("not-an-email", Readers.Password, Readers.Password, "", "Input.Email")]
    [InlineData("300 characters", Readers.Password, Readers.Password, "", "Input.Email")]
    [InlineData("{new}", "", "", "", "Input.Password")]
    [InlineData("{new}", "short", "short", "", "Input.Password")]
    [InlineData("{new}", "alllowercase-no-digit", "alllowercase-no-digit", "", "Input.Password")]
    [InlineData("{new}", Readers.Password, "Different-Password-1", "", "Input.ConfirmPassword")]
    [InlineData("{new}", Readers.Password, Readers.Password, "101", "Input.DisplayName")]
    public async Task Bad_input_is_a_400_with_errors_linked_to_their_fields_and_creates_nobody(
        string email, string password, string confirm, string displayName, string field)
    {
        email = email switch
        {
            "{new}" => AccountFixtures.NewEmail(),
            "300 characters" => new string('a', 300) + "@example.test", // over 254; far longer is refused before the page (HostileInputTests)
            _ => email,
        };
        displayName = displayName == "101" ? new string('x', 101) : displayName;
        var readersBefore = await app.WithDbAsync(db => db.Users.CountAsync());

        var response = await app.CreateBrowser().SubmitAsync("/account/register", Form(email, password, confirm, displayName));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ReadPageAsync();
        var fieldId = field.Replace('.', '_');
        Assert.NotNull(page.QuerySelector($".error-summary a[href='#{fieldId}']"));
        var input = page.GetElementById(fieldId)!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        var describedBy = input.GetAttribute("aria-describedby")!.Split(' ');
        Assert.False(string.IsNullOrWhiteSpace(page.GetElementById(describedBy.Last())!.TextContent));
        Assert.Equal(readersBefore, await app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_missing_form_field_is_a_400_not_a_crash()
    {
        var token = await app.CreateBrowser().AntiforgeryTokenAsync("/account/register");
        var browser = app.CreateBrowser();
        var readersBefore = await app.WithDbAsync(db => db.Users.CountAsync());
        token = await browser.AntiforgeryTokenAsync("/account/register");

        var response = await browser.PostFormAsync("/account/register", [new(PageForms.TokenField, token)]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["Enter your email address.", "Choose a password.", "Type your password again."], (await response.ReadPageAsync()).ErrorSummary());
        Assert.Equal(readersBefore, await app.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_script_in_the_display_name_is_shown_as_text()
    {
        const string Script = "<script>alert('x')</script>";
        var email = AccountFixtures.NewEmail();
        (await app.CreateBrowser().SubmitAsync("/account/register", Form(email, displayName: Script))).AssertRedirect("/account/check-email");
        var browser = await app.SignedInBrowserAsync(email);

        var html = await browser.GetStringAsync(new Uri("/account", UriKind.Relative));

        Assert.DoesNotContain(Script, html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_return_url_travels_through_the_confirmation_link_to_the_sign_in_page()
    {
        var email = AccountFixtures.NewEmail();
        var browser = app.CreateBrowser();
        await browser.SubmitAsync("/account/register?returnUrl=%2Fsubscribe%2Fadfree-monthly", Form(email));

        var link = new Uri(MailFolder.Link(await app.Mail.WaitForAsync(email, "Confirm your email"), "/account/confirm-email"));
        var confirmed = await browser.GetPageAsync(link.PathAndQuery);

        Assert.Equal("/account/login?returnUrl=%2Fsubscribe%2Fadfree-monthly", confirmed.QuerySelector("main a.button")!.GetAttribute("href"));
    }
}
