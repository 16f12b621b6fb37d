using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Entitlements;
using Membership.Tests.Infrastructure;

namespace Membership.Tests.Accounts;

/// <summary>
/// Password guessing is slowed per (address, network), so no one can lock an account against its owner,
/// the bootstrap admin included, and the answers are the same for addresses with and without an account.
/// </summary>
public sealed class SignInThrottleTests(ClockedAccountsApp app) : IClassFixture<ClockedAccountsApp>
{
    private HttpClient From(string network)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add(AccountsApp.ClientAddressHeader, network);
        return client;
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/v1/account/login?useCookies=true", new { email, password });

    private static async Task FailFiveTimesAsync(HttpClient client, string email)
    {
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(client, email, $"Wrong-Password-{i}")).StatusCode);
    }

    private static int RetryAfter(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("reader")]
    [InlineData("bootstrap admin")]
    public async Task Five_wrong_passwords_hold_back_only_the_guessing_network_never_the_owner(string who)
    {
        var (email, password) = who == "reader" ? (await app.RegisterAsync(), Readers.Password) : (ClockedAccountsApp.AdminEmail, ClockedAccountsApp.AdminPassword);
        var attacker = From(AccountFixtures.SomeAddress());
        await FailFiveTimesAsync(attacker, email);

        var attackerWithTheRightPassword = await LoginAsync(attacker, email, password);
        var owner = await LoginAsync(From(AccountFixtures.SomeAddress()), email, password);

        Assert.Equal(HttpStatusCode.TooManyRequests, attackerWithTheRightPassword.StatusCode);
        Assert.Equal("application/problem+json", attackerWithTheRightPassword.Content.Headers.ContentType?.MediaType);
        Assert.Equal(30, RetryAfter(attackerWithTheRightPassword));
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
    }

    [Fact]
    public async Task An_address_with_an_account_and_one_without_get_the_same_answers_in_every_state()
    {
        var known = await app.RegisterAsync();
        var unknown = AccountFixtures.NewEmail();

        async Task<List<string>> AnswersAsync(string email)
        {
            var client = From(AccountFixtures.SomeAddress());
            var answers = new List<string>();
            for (var i = 0; i < 7; i++)
            {
                var response = await LoginAsync(client, email, "Wrong-Password-1");
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                answers.Add($"{(int)response.StatusCode} {problem.GetProperty("title")} {problem.GetProperty("detail")} "
                    + string.Join(",", response.Headers.TryGetValues("Retry-After", out var wait) ? wait : []));
            }
            return answers;
        }

        var forKnown = await AnswersAsync(known);
        var forUnknown = await AnswersAsync(unknown);

        Assert.Equal(forKnown, forUnknown);
        Assert.Equal(2, forKnown.Count(a => a.StartsWith("429", StringComparison.Ordinal)));
        Assert.DoesNotContain(forKnown, a => a.Contains("LockedOut", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_wait_doubles_with_each_further_failure_and_a_success_ends_it()
    {
        var email = await app.RegisterAsync();
        var network = From(AccountFixtures.SomeAddress());
        await FailFiveTimesAsync(network, email);

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var sixth = await LoginAsync(network, email, "Wrong-Password-6");
        var heldBack = await LoginAsync(network, email, Readers.Password);
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        var right = await LoginAsync(network, email, Readers.Password);
        var wrongAgain = await LoginAsync(network, email, "Wrong-Password-7");

        Assert.Equal(HttpStatusCode.Unauthorized, sixth.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, heldBack.StatusCode);
        Assert.Equal(60, RetryAfter(heldBack));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAgain.StatusCode); // counting from zero again
    }

    [Fact]
    public async Task The_sign_in_page_says_how_long_to_wait_and_lets_the_owner_in_from_elsewhere()
    {
        var email = await app.RegisterAsync();
        var attacker = app.CreateBrowser();
        attacker.DefaultRequestHeaders.Add(AccountsApp.ClientAddressHeader, AccountFixtures.SomeAddress());
        Dictionary<string, string> Form(string password) => new() { ["Input.Email"] = email, ["Input.Password"] = password };
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.SubmitAsync("/account/login", Form("Wrong-Password-1"))).StatusCode);

        var heldBack = await attacker.SubmitAsync("/account/login", Form(Readers.Password));

        Assert.Equal(HttpStatusCode.TooManyRequests, heldBack.StatusCode);
        Assert.Equal(30, RetryAfter(heldBack));
        Assert.Equal("Too many wrong passwords for this address from your network: try again in 30 seconds, or reset your password.",
            Assert.Single((await heldBack.ReadPageAsync()).ErrorSummary()));
        await app.SignedInBrowserAsync(email);
    }

    [Fact]
    public async Task Failures_on_two_instances_count_together()
    {
        var email = await app.RegisterAsync();
        await using var second = new SecondInstance(app.Database.ConnectionString, app.Clock);
        var here = app.CreateClient();
        var there = second.CreateClient();

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(i % 2 == 0 ? here : there, email, "Wrong-Password-1")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(here, email, Readers.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LoginAsync(there, email, Readers.Password)).StatusCode);
    }
}
