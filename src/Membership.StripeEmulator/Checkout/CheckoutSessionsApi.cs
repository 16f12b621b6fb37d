using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Checkout;

internal static class CheckoutSessionsApi
{
    // Accepted for compatibility; they change nothing the emulator shows.
    private static readonly string[] Cosmetic =
    [
        "payment_method_types", "billing_address_collection", "customer_update", "automatic_tax", "tax_id_collection", "consent_collection",
        "custom_text", "payment_method_collection", "saved_payment_method_options", "phone_number_collection", "submit_type",
        "payment_method_options", "custom_fields", "customer_creation", "currency",
    ];

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/checkout/sessions", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Create(s, r)));
        v1.MapGet("/checkout/sessions", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => List(s, r)));
        v1.MapGet("/checkout/sessions/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.CheckoutSessions.Get(id).Render(s)));
        v1.MapGet("/checkout/sessions/{id}/line_items", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => ListLineItems(s, r, id)));
        v1.MapPost("/checkout/sessions/{id}/expire", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Expire(s, r, id)));
    }

    private static JsonObject Create(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly([.. Cosmetic, "mode", "line_items", "customer", "customer_email", "client_reference_id", "metadata", "subscription_data",
            "allow_promotion_codes", "discounts", "success_url", "cancel_url", "expires_at", "locale", "ui_mode", "expand"]);
        var mode = p.RequiredString("mode");
        if (mode != "subscription")
            throw StripeErrorException.Invalid("mode", $"The Stripe emulator supports Checkout in mode=subscription only, not mode={mode}.");
        var uiMode = p.String("ui_mode");
        if (uiMode is not null and not "hosted_page")
            throw StripeErrorException.Invalid("ui_mode", "The Stripe emulator supports hosted Checkout only.");
        var successUrl = ValidUrl(p, "success_url") ?? throw StripeErrorException.Missing("success_url");
        var cancelUrl = ValidUrl(p, "cancel_url");
        if (p.Bool("allow_promotion_codes") == true && p.Has("discounts"))
            throw StripeErrorException.Request("You may only specify one of these parameters: allow_promotion_codes, discounts.");

        var customerId = p.String("customer");
        var email = p.String("customer_email");
        if (!string.IsNullOrEmpty(customerId) && !string.IsNullOrEmpty(email))
            throw StripeErrorException.Request("You may only specify one of these parameters: customer, customer_email.", "customer_email");
        var customer = string.IsNullOrEmpty(customerId) ? null : CustomersApi.Live(state, customerId, "customer");

        var items = p.ObjectList("line_items");
        if (items.Count == 0)
            throw StripeErrorException.Missing("line_items");
        var lines = new List<SubscriptionLine>();
        foreach (var item in items)
        {
            item.AllowOnly("price", "quantity", "adjustable_quantity", "tax_rates");
            var price = state.Prices.Get(item.RequiredString("price"), item.PathOf("price"));
            if (!price.IsRecurring)
                throw StripeErrorException.Invalid(item.PathOf("price"), "You must provide at least one recurring price in `subscription` mode when using prices.");
            if (!price.Active)
                throw StripeErrorException.Invalid(item.PathOf("price"), $"The price specified is inactive. This field only accepts active prices.");
            lines.Add(new SubscriptionLine(price, item.Long("quantity") ?? 1, []));
        }
        if (lines.Select(l => l.Price.Currency).Distinct().Count() > 1)
            throw StripeErrorException.Invalid("line_items", "All prices must be in the same currency.");

        var subscriptionData = p.Object("subscription_data");
        subscriptionData?.AllowOnly("metadata", "trial_period_days", "trial_end", "description", "billing_mode", "default_tax_rates", "trial_settings", "proration_behavior");
        var trialDays = subscriptionData?.Long("trial_period_days");
        if (trialDays is < 1 or > 730)
            throw StripeErrorException.Invalid("subscription_data[trial_period_days]", "The trial period must be between 1 and 730 days.");

        var now = state.Now(customer?.TestClock);
        var expiresAt = p.Long("expires_at") ?? now + (24 * 3600);
        if (expiresAt < now + (30 * 60) || expiresAt > now + (24 * 3600))
            throw StripeErrorException.Invalid("expires_at", "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.");

        var session = state.CheckoutSessions.Add(new CheckoutSession
        {
            Id = Ids.New("cs_test_a1", 56),
            Created = now,
            Mode = mode,
            LineItems = [.. lines.Select(l => new CheckoutLine(l.Price.Id, l.Quantity))],
            Currency = lines[0].Price.Currency,
            Customer = customer?.Id,
            CustomerEmail = string.IsNullOrEmpty(email) ? null : email,
            CustomerDetailsEmail = customer?.Email,
            ClientReferenceId = p.String("client_reference_id"),
            Metadata = MetadataUpdate.Apply([], p.Metadata()),
            SubscriptionMetadata = MetadataUpdate.Apply([], subscriptionData?.Metadata()),
            SubscriptionDescription = subscriptionData?.String("description"),
            TrialPeriodDays = trialDays,
            TrialEnd = subscriptionData?.Long("trial_end"),
            AllowPromotionCodes = p.Bool("allow_promotion_codes"),
            SuccessUrl = successUrl,
            CancelUrl = cancelUrl,
            ExpiresAt = expiresAt,
            TestClock = customer?.TestClock,
            Locale = p.String("locale"),
        });
        return session.Render(state);
    }

    private static string? ValidUrl(StripeParams p, string name)
    {
        var value = p.String(name);
        if (string.IsNullOrEmpty(value))
            return null;
        // {CHECKOUT_SESSION_ID} is a template, not part of a valid URL yet.
        var probe = value.Replace("{CHECKOUT_SESSION_ID}", "cs", StringComparison.Ordinal);
        return Uri.TryCreate(probe, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? value
            : throw StripeErrorException.Invalid(name, "Not a valid URL", "url_invalid");
    }

    private static JsonObject Expire(EmulatorState state, StripeRequest request, string id)
    {
        request.Params.AllowOnly("expand");
        var session = state.CheckoutSessions.Get(id);
        if (session.Status != "open")
        {
            throw StripeErrorException.Request(
                $"Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout Session has a status of \"{session.Status}\".");
        }
        CheckoutCompletion.Expire(state, session, request.Cause);
        return session.Render(state);
    }

    private static JsonObject List(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("customer", "subscription", "status", "payment_intent", "payment_link", "created", "limit", "starting_after", "ending_before", "expand");
        var customer = p.String("customer");
        var subscription = p.String("subscription");
        var status = p.String("status");
        var sessions = state.CheckoutSessions.NewestFirst().Where(c => (customer is null || c.Customer == customer)
            && (subscription is null || c.Subscription == subscription) && (status is null || c.Status == status));
        return ListPage.Render(state, CreatedFilter.Apply(sessions, p), p, "/v1/checkout/sessions");
    }

    private static JsonObject ListLineItems(EmulatorState state, StripeRequest request, string id)
    {
        request.Params.AllowOnly("limit", "starting_after", "ending_before", "expand");
        return LineItems(state, state.CheckoutSessions.Get(id));
    }

    /// <summary>The session's lines, also includable on the session itself (<c>expand[]=line_items</c>).</summary>
    public static JsonObject LineItems(EmulatorState state, CheckoutSession session)
    {
        var items = session.Lines(state).Select((line, index) => (JsonNode?)new JsonObject
        {
            ["id"] = $"li_{session.Id[^20..]}{index}",
            ["object"] = "item",
            ["amount_discount"] = 0,
            ["amount_subtotal"] = line.Price.UnitAmount * line.Quantity,
            ["amount_tax"] = 0,
            ["adjustable_quantity"] = null,
            ["amount_total"] = line.Price.UnitAmount * line.Quantity,
            ["currency"] = line.Price.Currency,
            ["description"] = state.Products.Find(line.Price.Product)?.Name,
            ["metadata"] = new JsonObject(),
            ["price"] = line.Price.Render(state),
            ["quantity"] = line.Quantity,
        });
        return StripeJson.List($"/v1/checkout/sessions/{session.Id}/line_items", items);
    }
}
