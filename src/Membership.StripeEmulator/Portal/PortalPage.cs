using System.Text;

namespace Membership.StripeEmulator.Portal;

/// <summary>
/// The hosted billing portal at a portal session's <c>url</c>: cancel at period end, resume, change the card,
/// and a link back to the session's <c>return_url</c>. Every action posts back and redirects to the page (303).
/// </summary>
internal static class PortalPage
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/p/session/{secret}", (string secret, string? done, EmulatorState state) => Show(state, secret, done));
        app.MapPost("/p/session/{secret}", async (string secret, HttpContext http, EmulatorState state) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            return Submit(state, secret, form["action"].ToString(), form["subscription"].ToString(), form["card_number"].ToString());
        });
    }

    private static IResult Show(EmulatorState state, string secret, string? done)
    {
        lock (state.Gate)
        {
            var session = Find(state, secret);
            return session is null ? NotFound() : Render(state, session, Notice(done), error: null, 200);
        }
    }

    private static IResult Submit(EmulatorState state, string secret, string action, string subscriptionId, string cardNumber)
    {
        lock (state.Gate)
        {
            var session = Find(state, secret);
            if (session is null)
                return NotFound();
            var customer = state.Customers.Get(session.Customer);
            var cause = EventCause.HostedPage();
            try
            {
                switch (action)
                {
                    case "cancel" or "resume":
                        var subscription = state.Subscriptions.Find(subscriptionId);
                        if (subscription is null || subscription.Customer != customer.Id || subscription.IsEnded)
                            return Render(state, session, null, "That subscription cannot be changed here.", StatusCodes.Status400BadRequest);
                        if (action == "cancel")
                            PortalActions.CancelAtPeriodEnd(state, subscription, cause);
                        else
                            PortalActions.Resume(state, subscription, cause);
                        break;
                    case "update_card":
                        if (!TestCards.LooksValid(cardNumber))
                            return Render(state, session, null, "Your card number is invalid.", StatusCodes.Status400BadRequest);
                        if (TestCards.ByNumber(cardNumber) is not { } card)
                            return Render(state, session, null, "Your card was declined. Your request was in test mode, but used a non test card.", StatusCodes.Status402PaymentRequired);
                        PortalActions.ChangeCard(state, customer, card, cause);
                        break;
                    default:
                        return Render(state, session, null, "Unknown action.", StatusCodes.Status400BadRequest);
                }
            }
            catch (StripeErrorException e) when (e.Status == StatusCodes.Status402PaymentRequired)
            {
                return Render(state, session, null, e.Message, StatusCodes.Status402PaymentRequired);
            }
            finally
            {
                state.RunLater();
            }
            return new SeeOther($"/p/session/{secret}?done={action}");
        }
    }

    private static IResult Render(EmulatorState state, PortalSession session, string? notice, string? error, int status)
    {
        var customer = state.Customers.Get(session.Customer);
        var html = new StringBuilder();
        html.Append($"<p>{HostedPage.Encode(customer.Email ?? customer.Name ?? customer.Id)}</p>");
        if (notice is not null)
            html.Append($"<p class=\"notice\" role=\"status\">{HostedPage.Encode(notice)}</p>");
        if (error is not null)
            html.Append($"<p role=\"alert\">{HostedPage.Encode(error)}</p>");

        var action = $"/p/session/{HostedPage.Encode(session.Secret)}";
        var subscriptions = state.Subscriptions.NewestFirst().Where(s => s.Customer == customer.Id && !s.IsEnded).ToList();
        html.Append("<section aria-labelledby=\"plan\"><h2 id=\"plan\">Current plan</h2>");
        if (subscriptions.Count == 0)
            html.Append("<p>No active subscription.</p>");
        foreach (var subscription in subscriptions)
        {
            var price = state.Prices.Get(subscription.Items[0].Price);
            var product = state.Products.Find(price.Product)?.Name ?? price.Product;
            html.Append($"<h3>{HostedPage.Encode(product)}</h3><p>{HostedPage.Money(price.UnitAmount, price.Currency)} per {HostedPage.Encode(price.Interval)} · status {HostedPage.Encode(subscription.Status)}</p>");
            var scheduled = subscription.CancelAt is not null || subscription.CancelAtPeriodEnd;
            html.Append(scheduled
                ? $"<p>Your plan will be canceled on {HostedPage.Date(subscription.CancelAt ?? subscription.CurrentPeriodEnd)}.</p>"
                : $"<p>Your plan renews on {HostedPage.Date(subscription.CurrentPeriodEnd)}.</p>");
            html.Append($"<form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"subscription\" value=\"{HostedPage.Encode(subscription.Id)}\">");
            html.Append(scheduled
                ? "<input type=\"hidden\" name=\"action\" value=\"resume\"><button type=\"submit\">Renew plan</button>"
                : "<input type=\"hidden\" name=\"action\" value=\"cancel\"><button type=\"submit\" class=\"secondary\">Cancel plan</button>");
            html.Append("</form>");
        }
        html.Append("</section>");

        var method = state.PaymentMethods.Find(customer.DefaultPaymentMethod)
            ?? state.PaymentMethods.Find(subscriptions.Select(s => s.DefaultPaymentMethod).FirstOrDefault(m => m is not null));
        html.Append("<section aria-labelledby=\"payment\"><h2 id=\"payment\">Payment method</h2>");
        html.Append(method is null ? "<p>No card on file.</p>" : $"<p>{HostedPage.Encode(method.Card.Brand)} ending in {HostedPage.Encode(method.Card.Last4)}</p>");
        html.Append($"<form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"action\" value=\"update_card\">");
        html.Append("<label for=\"card_number\">New card number</label><input id=\"card_number\" name=\"card_number\" inputmode=\"numeric\" autocomplete=\"cc-number\" required>");
        html.Append("<button type=\"submit\">Update payment method</button></form></section>");

        if (session.ReturnUrl is not null)
            html.Append($"<p><a href=\"{HostedPage.Encode(session.ReturnUrl)}\">Return to {HostedPage.Encode(new Uri(session.ReturnUrl).Host)}</a></p>");
        return HostedPage.Html("Manage your billing", html.ToString(), status);
    }

    private static string? Notice(string? done) => done switch
    {
        "cancel" => "Your plan has been set to cancel at the end of the billing period.",
        "resume" => "Your plan has been renewed.",
        "update_card" => "Your payment method has been updated.",
        _ => null,
    };

    private static PortalSession? Find(EmulatorState state, string secret) =>
        state.PortalSessions.All.FirstOrDefault(s => string.Equals(s.Secret, secret, StringComparison.Ordinal));

    private static IResult NotFound() =>
        HostedPage.Html("Portal session not found", "<p role=\"alert\">This billing portal link is not valid.</p>", StatusCodes.Status404NotFound);
}
