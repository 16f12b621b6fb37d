using System.Net;
using System.Text.RegularExpressions;
using Membership.Tests.Accounts;
using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Membership.Tests.Billing;

/// <summary>
/// The join page's plan and article survive every detour: leaving Checkout, an owner's code, registering
/// with a password (check your inbox, confirm, sign in) and the header's links; a member is told before paying.
/// </summary>
public sealed partial class JoinDetourTests(JoinDetourTests.App app) : IClassFixture<JoinDetourTests.App>
{
    public sealed class App : StripeBackedApp, IAsyncLifetime
    {
        public MailFolder Mail { get; } = new();

        protected override IReadOnlyDictionary<string, string?> Settings =>
            new Dictionary<string, string?>(base.Settings) { ["Smtp:PickupDirectory"] = Mail.Path };

        public new async Task DisposeAsync()
        {
            await base.DisposeAsync();
            Mail.Dispose();
        }
    }

    private const string JoinYearly = "/join?plan=adfree-yearly&return=%2Fdemo%2Farticle";

    private HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static string NewEmail() => $"detour-{Guid.NewGuid():N}@example.test";

    [Fact]
    public async Task Leaving_checkout_by_its_back_link_returns_to_the_join_page_with_the_plan_and_the_article()
    {
        var browser = Browser();
        var joined = await browser.SubmitAsync(JoinYearly, new Dictionary<string, string> { ["Email"] = NewEmail() });
        using var stripePage = new HttpClient();
        var checkout = await stripePage.GetStringAsync(joined.Headers.Location!);
        var back = new Uri(WebUtility.HtmlDecode(BackLink().Match(checkout).Groups["href"].Value));

        var page = await browser.GetPageAsync(back.PathAndQuery);

        Assert.Equal("/join", back.AbsolutePath);
        Assert.True(page.QuerySelector("input[name=Plan][value=adfree-yearly]")!.HasAttribute("checked"));
        Assert.Equal("/demo/article", page.QuerySelector("input[name=Return]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task An_owner_who_typed_their_email_confirms_by_code_then_pays_the_chosen_plan_and_lands_on_the_article()
    {
        var email = NewEmail();
        await app.RegisterAndSignInAsync(email);
        var browser = Browser();

        var joined = await browser.SubmitAsync(JoinYearly, new Dictionary<string, string> { ["Email"] = email });
        var code = SixDigits().Match((await app.Mail.WaitForAsync(email, "sign-in code")).Subject ?? "").Value;
        var verified = await browser.SubmitAsync(joined.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Code"] = code },
            "form[action*='handler=Verify']");
        verified.AssertRedirect(JoinYearly);
        var join = await browser.GetPageAsync(JoinYearly);
        Assert.Contains($"Signed in as {email}", join.QuerySelector("main form")!.TextContent, StringComparison.Ordinal);
        var paying = await browser.SubmitAsync(JoinYearly, new Dictionary<string, string>());
        var paid = await EmulatorCheckout.PayAsync(paying.Headers.Location!.ToString(), EmulatorCheckout.GoodCard);
        var success = await browser.GetAsync(new Uri(new Uri(paid.RedirectedTo!).PathAndQuery, UriKind.Relative));

        success.AssertRedirect("/demo/article");
        var owner = await browser.MeAsync();
        Assert.Equal(email, owner.Email);
        Assert.True(owner.Entitlement.AdFree);
        Assert.Equal("adfree-yearly", (await app.SubscriptionsOfAsync(owner.Id)).Single().PlanKey);
    }

    [Fact]
    public async Task A_member_who_opens_the_join_page_is_told_before_paying_and_offered_the_way_back_to_the_article()
    {
        var (reader, readerId, _) = await app.SubscribedReaderAsync();

        var page = await reader.GetPageAsync(JoinYearly);

        Assert.Equal("You're already a member", page.Heading());
        Assert.Null(page.QuerySelector("main form"));
        Assert.NotNull(page.QuerySelector("main a[href='/demo/article']"));
        Assert.Single(await app.SubscriptionsOfAsync(readerId));
    }

    [Fact]
    public async Task Registering_with_a_password_keeps_the_join_page_through_check_your_inbox_confirm_and_sign_in()
    {
        var email = NewEmail();
        var browser = Browser();
        var join = await browser.GetPageAsync(JoinYearly);
        var headerSignIn = join.QuerySelector("header a[href^='/account/login']")!.GetAttribute("href")!;
        var register = join.QuerySelector("header a[href^='/account/register']")!.GetAttribute("href")!;
        Assert.Equal("/account/login?returnUrl=" + Uri.EscapeDataString(JoinYearly), headerSignIn);

        var registered = await browser.SubmitAsync(register, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = Readers.Password,
            ["Input.ConfirmPassword"] = Readers.Password,
        });
        var checkEmail = await browser.GetPageAsync(registered.Headers.Location!.OriginalString);
        var expectedSignIn = "/account/login?returnUrl=" + Uri.EscapeDataString(JoinYearly);
        Assert.Equal(expectedSignIn, checkEmail.QuerySelector("main a[href^='/account/login']")!.GetAttribute("href"));
        Assert.Equal(expectedSignIn, checkEmail.QuerySelector("header a[href^='/account/login']")!.GetAttribute("href"));
        Assert.Equal("/account/code?returnUrl=" + Uri.EscapeDataString(JoinYearly), checkEmail.QuerySelector("main a[href^='/account/code']")!.GetAttribute("href"));

        var confirmLink = new Uri(MailFolder.Link(await app.Mail.WaitForAsync(email, "Confirm"), "/account/confirm-email"));
        var confirmed = await browser.GetPageAsync(confirmLink.PathAndQuery);
        Assert.Equal(expectedSignIn, confirmed.QuerySelector("main a[href^='/account/login']")!.GetAttribute("href"));
        var login = await browser.GetPageAsync(expectedSignIn);
        Assert.Equal("/account/code?returnUrl=" + Uri.EscapeDataString(JoinYearly), login.QuerySelector("main a[href^='/account/code']")!.GetAttribute("href"));
        var signedIn = await browser.SubmitAsync(expectedSignIn, new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Readers.Password });

        signedIn.AssertRedirect(JoinYearly);
    }

    [GeneratedRegex("""<a href="(?<href>[^"]+)">Back</a>""")]
    private static partial Regex BackLink();

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();
}
