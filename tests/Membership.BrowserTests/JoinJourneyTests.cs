using System.Text.RegularExpressions;
using Membership.BrowserTests.Infrastructure;
using Membership.StripeEmulator;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Membership.BrowserTests;

/// <summary>
/// Issue 15's journey as a new reader lives it: from the banner on a signed-out article, through the join
/// page and the emulator's hosted Checkout, back on the same article without ads; then the same reader on
/// another device, signed in by an emailed code. The reader's actions are counted, the service's pages
/// checked with axe-core and at a phone's width, and each page saved under TestResults/screenshots/join/.
/// </summary>
public sealed partial class JoinJourneyTests(JoinJourneyTests.App app) : IClassFixture<JoinJourneyTests.App>
{
    /// <summary>The service with the Stripe emulator (hosted Checkout, webhooks over the network) and the demo's stand-in ad server.</summary>
    public sealed class App : BrowserApp
    {
        private StripeEmulatorServer? _emulator;

        public int AdPort { get; } = FreeLoopbackPort.Next();

        /// <summary>Where the emulator serves its hosted Checkout page: the card form.</summary>
        public string CheckoutOrigin => _emulator!.BaseUrl.GetLeftPart(UriPartial.Authority);

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Stripe:ApiBase"] = _emulator!.BaseUrl.ToString(),
            ["Billing:SeedPlans"] = "true",
            ["Billing:ScheduledSync"] = "false",
            ["Membership:DemoAdServer"] = "true",
            ["Membership:DemoAdPort"] = AdPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        public override async Task InitializeAsync()
        {
            _emulator = await StripeEmulatorServer.StartAsync(new EmulatorOptions { Port = 0, WebhookUrl = $"{BaseUrl}/webhooks/stripe" });
            await base.InitializeAsync();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await PricedPlansAsync() < 2)
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException("The default plans did not reach Stripe.");
                await Task.Delay(50);
            }
        }

        /// <summary>A browser context of its own (another device) at the given screen size.</summary>
        public async Task<IPage> NewDeviceAsync(int width, int height)
        {
            var context = await Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = BaseUrl,
                ViewportSize = new ViewportSize { Width = width, Height = height },
            });
            return await context.NewPageAsync();
        }

        private async Task<int> PricedPlansAsync()
        {
            await using var db = TestDatabase.CreateContext(Database.ConnectionString);
            return await db.Plans.CountAsync(p => p.StripePriceId != null);
        }

        public new async Task DisposeAsync()
        {
            await base.DisposeAsync();
            if (_emulator is not null)
                await _emulator.DisposeAsync();
        }
    }

    public static TheoryData<int, int> Screens => new() { { 1280, 800 }, { 390, 844 } };

    private string Article => $"{app.BaseUrl}/demo/article";

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task From_the_banner_on_a_signed_out_article_to_ad_free_on_the_same_article_in_three_actions_and_one_on_the_card_form(int width, int height)
    {
        var email = $"join-{width}-{Guid.NewGuid():N}@example.test";
        var page = await app.NewDeviceAsync(width, height);
        var reader = new ReaderActions(page);

        await page.GotoAsync("/demo/article");
        await page.WaitForSelectorAsync("html[data-ad-free='false']", new() { State = WaitForSelectorState.Attached });
        await Assertions.Expect(page.Locator("[data-ad-slot]").First).ToBeVisibleAsync();

        // 1: the banner.
        await reader.ClickAsync(page.Locator("[data-go-ad-free]").First.GetByRole(AriaRole.Link, new() { Name = "Go Ad-Free" }), "the banner's Go Ad-Free link");
        await page.WaitForURLAsync("**/join?*");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Go ad-free");
        // The plan is chosen for the reader (the cheapest), and the article's address rides along.
        await Assertions.Expect(page.Locator("input[name='Plan']:checked")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("input[name='Return']")).ToHaveValueAsync(Article);
        await PageChecks.AssertAccessibleAsync(page);
        await PageChecks.AssertNoHorizontalOverflowAsync(page);
        await BrowserApp.ScreenshotAsync(page, Path.Combine("join", $"join-{width}x{height}"));

        // 2 and 3: the email, and on to pay.
        await reader.FillAsync(page.GetByLabel("Email address"), email, "the email address");
        await reader.ClickAsync(page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }), "Continue to payment");

        // The card form, with the email carried over from the join page.
        await page.WaitForURLAsync($"{app.CheckoutOrigin}/**");
        await Assertions.Expect(page.GetByText(email)).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, Path.Combine("join", $"checkout-{width}x{height}"));
        var beforeCardForm = reader.Off(app.CheckoutOrigin);

        await reader.FillAsync(page.GetByLabel("Card number"), "4242424242424242", "the card number");
        await reader.ClickAsync(page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }), "Subscribe");

        // Back on the very article, ad-free: no ads, no banner, the pass in the browser.
        await page.WaitForURLAsync(Article, new() { Timeout = 30_000 });
        await AssertDecidedAdFreeAsync(page);
        Assert.False(await page.Locator("[data-ad-slot]").Nth(0).IsVisibleAsync());
        Assert.False(await page.Locator("[data-ad-slot]").Nth(1).IsVisibleAsync());
        Assert.False(await page.Locator("[data-go-ad-free]").Nth(0).IsVisibleAsync());
        Assert.Contains(await page.Context.CookiesAsync(), c => c.Name == "adfree_pass");
        await PageChecks.AssertNoHorizontalOverflowAsync(page);
        await BrowserApp.ScreenshotAsync(page, Path.Combine("join", $"article-after-checkout-{width}x{height}"));

        var onCardForm = reader.On(app.CheckoutOrigin);
        var counts = $"before the card form {beforeCardForm.Count} ({ReaderActions.Describe(beforeCardForm)}); " +
                     $"on it {onCardForm.Count} ({ReaderActions.Describe(onCardForm)})";
        Console.WriteLine($"Reader's actions at {width}x{height}: {counts}");
        Assert.True(beforeCardForm.Count <= 3, counts);
        // On Stripe's page the reader types the card and presses one button: one submit, nothing else asked.
        Assert.True(onCardForm.Count(a => a.Kind == ReaderActions.Click) == 1, counts);
        Assert.True(onCardForm.Count(a => a.Kind == ReaderActions.Fill) == 1, counts);
        Assert.Equal(beforeCardForm.Count + onCardForm.Count, reader.Done.Count);
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task A_member_on_a_second_device_signs_in_with_an_emailed_code_from_the_banner_and_is_ad_free_on_the_article(int width, int height)
    {
        var email = $"second-device-{width}-{Guid.NewGuid():N}@example.test";
        await JoinAndPayAsync(email);

        var phone = await app.NewDeviceAsync(width, height);
        var reader = new ReaderActions(phone);
        await phone.GotoAsync("/demo/article");
        await phone.WaitForSelectorAsync("html[data-ad-free='false']", new() { State = WaitForSelectorState.Attached });

        await reader.ClickAsync(phone.Locator("[data-go-ad-free]").First.GetByRole(AriaRole.Link, new() { Name = "Sign in" }), "the banner's Sign in link");
        await phone.WaitForURLAsync("**/account/code?*");
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign in with a code");
        await PageChecks.AssertAccessibleAsync(phone);
        await PageChecks.AssertNoHorizontalOverflowAsync(phone);
        await BrowserApp.ScreenshotAsync(phone, Path.Combine("join", $"code-{width}x{height}"));

        await reader.FillAsync(phone.GetByLabel("Email address"), email, "the email address");
        await reader.ClickAsync(phone.GetByRole(AriaRole.Button, new() { Name = "Email me a code" }), "Email me a code");
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToContainTextAsync("six-digit code is on its way");
        await PageChecks.AssertAccessibleAsync(phone);
        await PageChecks.AssertNoHorizontalOverflowAsync(phone);
        await BrowserApp.ScreenshotAsync(phone, Path.Combine("join", $"code-sent-{width}x{height}"));

        var mail = await app.Mail.WaitForAsync(email, "sign-in code");
        var code = SixDigits().Match(mail.Subject ?? "").Value;
        Assert.Matches("^[0-9]{6}$", code);
        await reader.FillAsync(phone.GetByLabel("Code from the email"), code, "the code");
        await reader.ClickAsync(phone.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }), "Sign in");

        await phone.WaitForURLAsync(Article);
        await AssertDecidedAdFreeAsync(phone);
        Assert.False(await phone.Locator("[data-ad-slot]").Nth(0).IsVisibleAsync());
        Assert.False(await phone.Locator("[data-go-ad-free]").Nth(0).IsVisibleAsync());
        await BrowserApp.ScreenshotAsync(phone, Path.Combine("join", $"article-after-code-{width}x{height}"));
        Console.WriteLine($"Second device at {width}x{height}: {reader.Done.Count} actions ({ReaderActions.Describe(reader.Done)})");
        Assert.Equal(5, reader.Done.Count);
    }

    /// <summary>Waits for the snippet's decision on the article and says what it decided from, when it is not ad-free.</summary>
    private static async Task AssertDecidedAdFreeAsync(IPage page)
    {
        await page.WaitForSelectorAsync("html[data-ad-free]", new() { State = WaitForSelectorState.Attached });
        var decided = await page.EvaluateAsync<string>("window.membership.ready.then(e => JSON.stringify(e))");
        var cookies = string.Join(", ", (await page.Context.CookiesAsync()).Select(c => c.Name));
        Assert.True(await page.EvaluateAsync<string>("document.documentElement.dataset.adFree") == "true",
            $"The article decided {decided} with the cookies {cookies}.");
    }

    /// <summary>The first test's journey without its checks: a member who joined from the article on a desktop.</summary>
    private async Task JoinAndPayAsync(string email)
    {
        var page = await app.NewDeviceAsync(1280, 800);
        await page.GotoAsync($"/join?return={Uri.EscapeDataString(Article)}");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();
        await page.GetByLabel("Card number").FillAsync("4242424242424242");
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
        await page.WaitForURLAsync(Article, new() { Timeout = 30_000 });
        await page.Context.CloseAsync();
    }

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();
}
