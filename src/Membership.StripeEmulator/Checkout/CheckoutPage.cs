using System.Text;

namespace Membership.StripeEmulator.Checkout;

/// <summary>
/// The hosted Checkout page at a session's <c>url</c>: a form with a <c>card_number</c> field posted back to
/// the same address. A good test card completes the session and redirects (303) to its <c>success_url</c>.
/// </summary>
internal static class CheckoutPage
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/c/pay/{id}", (string id, EmulatorState state) => Show(state, id));
        app.MapPost("/c/pay/{id}", async (string id, HttpContext http, EmulatorState state) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            return Submit(state, id, form["card_number"].ToString(), form["email"].ToString());
        });
    }

    private static IResult Show(EmulatorState state, string id)
    {
        lock (state.Gate)
        {
            var session = state.CheckoutSessions.Find(id);
            return session is null ? NotFound() : Render(state, session, error: null, status: 200);
        }
    }

    private static IResult Submit(EmulatorState state, string id, string cardNumber, string email)
    {
        lock (state.Gate)
        {
            var session = state.CheckoutSessions.Find(id);
            if (session is null)
                return NotFound();
            if (session.Status != "open")
                return Render(state, session, null, StatusCodes.Status409Conflict);
            var needsEmail = session.Customer is null && session.CustomerEmail is null;
            if (needsEmail && !email.Contains('@', StringComparison.Ordinal))
                return Render(state, session, "Enter your email address.", StatusCodes.Status400BadRequest);
            if (!TestCards.LooksValid(cardNumber))
                return Render(state, session, "Your card number is invalid.", StatusCodes.Status400BadRequest);
            var card = TestCards.ByNumber(cardNumber);
            if (card is null)
            {
                return Render(state, session, "Your card was declined. Your request was in test mode, but used a non test card. Use a test card such as 4242 4242 4242 4242.",
                    StatusCodes.Status402PaymentRequired);
            }
            try
            {
                var declined = CheckoutCompletion.Pay(state, session, card, needsEmail ? email : null);
                if (declined is not null)
                    return Render(state, session, declined, StatusCodes.Status402PaymentRequired);
            }
            finally
            {
                state.RunLater();
            }
            var target = session.SuccessUrl!.Replace("{CHECKOUT_SESSION_ID}", session.Id, StringComparison.Ordinal);
            return new SeeOther(target);
        }
    }

    private static IResult Render(EmulatorState state, CheckoutSession session, string? error, int status)
    {
        var html = new StringBuilder();
        var currency = session.Currency;
        var lines = session.Lines(state);
        html.Append("<ul>");
        foreach (var line in lines)
        {
            var product = state.Products.Find(line.Price.Product)?.Name ?? line.Price.Product;
            html.Append($"<li>{HostedPage.Encode(product)}: {HostedPage.Money(line.Price.UnitAmount * line.Quantity, currency)} per {HostedPage.Encode(line.Price.Interval)}</li>");
        }
        html.Append("</ul>");
        if (session.TrialPeriodDays is { } days)
            html.Append($"<p>{days} days free, then billed every {HostedPage.Encode(lines[0].Price.Interval)}.</p>");

        if (session.Status == "complete")
        {
            html.Append("<p class=\"notice\">This Checkout Session is complete: you have subscribed.</p>");
            return HostedPage.Html("Subscribed", html.ToString(), status);
        }
        if (session.Status == "expired")
        {
            html.Append("<p role=\"alert\">This Checkout Session has expired.</p>");
            return HostedPage.Html("Checkout expired", html.ToString(), status);
        }

        html.Append($"<form method=\"post\" action=\"/c/pay/{HostedPage.Encode(session.Id)}\">");
        var email = session.CustomerEmail ?? state.Customers.Find(session.Customer)?.Email;
        if (session.Customer is null && session.CustomerEmail is null)
            html.Append("<label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" required>");
        else if (email is not null)
            html.Append($"<p>Email: {HostedPage.Encode(email)}</p>");
        html.Append("<label for=\"card_number\">Card number</label>");
        html.Append("<input id=\"card_number\" name=\"card_number\" inputmode=\"numeric\" autocomplete=\"cc-number\" placeholder=\"4242 4242 4242 4242\" required>");
        if (error is not null)
            html.Append($"<p id=\"payment-error\" role=\"alert\">{HostedPage.Encode(error)}</p>");
        html.Append($"<button type=\"submit\">{(session.HasTrial ? "Start trial" : "Subscribe")}</button>");
        html.Append("</form>");
        if (session.CancelUrl is not null)
            html.Append($"<p><a href=\"{HostedPage.Encode(session.CancelUrl)}\">Back</a></p>");
        var total = session.HasTrial ? 0 : session.AmountSubtotal(state);
        return HostedPage.Html($"Subscribe: {HostedPage.Money(total, currency)} due today", html.ToString(), status);
    }

    private static IResult NotFound() =>
        HostedPage.Html("Checkout Session not found", "<p role=\"alert\">Something went wrong: this Checkout Session does not exist.</p>", StatusCodes.Status404NotFound);
}
