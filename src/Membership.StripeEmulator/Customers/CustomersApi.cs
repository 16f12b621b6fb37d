using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Customers;

internal static class CustomersApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/customers", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Create(s, r)));
        v1.MapGet("/customers", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => List(s, r)));
        v1.MapGet("/customers/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Retrieve(s, id)));
        v1.MapPost("/customers/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Update(s, r, id)));
        v1.MapDelete("/customers/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Delete(s, r, id)));
    }

    private static readonly string[] Editable = ["email", "name", "description", "phone", "metadata", "invoice_settings", "address", "shipping", "preferred_locales", "tax_exempt", "expand"];

    private static JsonObject Create(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly([.. Editable, "test_clock", "payment_method"]);
        var clockId = p.String("test_clock");
        if (!string.IsNullOrEmpty(clockId))
            state.TestClocks.Get(clockId, "test_clock");
        var customer = state.Customers.Add(new Customer
        {
            Id = Ids.New("cus_", 14),
            Created = state.Now(clockId),
            TestClock = string.IsNullOrEmpty(clockId) ? null : clockId,
            Email = p.String("email"),
            Name = p.String("name"),
            Description = p.String("description"),
            Phone = p.String("phone"),
            Metadata = MetadataUpdate.Apply([], p.Metadata()),
        });
        state.Emit("customer.created", customer, request.Cause);

        var token = p.String("payment_method");
        PaymentMethod? attached = string.IsNullOrEmpty(token) ? null : PaymentMethods.Resolve(state, token, customer, request.Cause, "payment_method");
        var defaultMethod = p.Object("invoice_settings")?.String("default_payment_method");
        if (!string.IsNullOrEmpty(defaultMethod))
        {
            var before = customer.Render(state);
            customer.DefaultPaymentMethod = attached is not null && defaultMethod == token
                ? attached.Id
                : PaymentMethods.Resolve(state, defaultMethod, customer, request.Cause, "invoice_settings[default_payment_method]").Id;
            state.EmitIfChanged("customer.updated", customer, before, request.Cause);
        }
        return customer.Render(state);
    }

    private static JsonObject Retrieve(EmulatorState state, string id)
    {
        var customer = state.Customers.Get(id);
        return customer.Deleted ? Api.Deleted(customer.Id, "customer") : customer.Render(state);
    }

    private static JsonObject Update(EmulatorState state, StripeRequest request, string id)
    {
        var p = request.Params;
        p.AllowOnly(Editable);
        var customer = Live(state, id);
        var before = customer.Render(state);
        if (p.Has("email"))
            customer.Email = Blank(p.String("email"));
        if (p.Has("name"))
            customer.Name = Blank(p.String("name"));
        if (p.Has("description"))
            customer.Description = Blank(p.String("description"));
        if (p.Has("phone"))
            customer.Phone = Blank(p.String("phone"));
        customer.Metadata = MetadataUpdate.Apply(customer.Metadata, p.Metadata());
        if (p.Object("invoice_settings") is { } settings && settings.Has("default_payment_method"))
        {
            var method = settings.String("default_payment_method");
            customer.DefaultPaymentMethod = string.IsNullOrEmpty(method)
                ? null
                : PaymentMethods.Resolve(state, method, customer, request.Cause, "invoice_settings[default_payment_method]").Id;
        }
        state.EmitIfChanged("customer.updated", customer, before, request.Cause);
        return customer.Render(state);
    }

    private static JsonObject List(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("email", "test_clock", "created", "limit", "starting_after", "ending_before", "expand");
        var email = p.String("email");
        var clock = p.String("test_clock");
        var customers = state.Customers.NewestFirst().Where(c => !c.Deleted
            && (email is null || string.Equals(c.Email, email, StringComparison.Ordinal))
            && (clock is null || c.TestClock == clock));
        return ListPage.Render(state, CreatedFilter.Apply(customers, p), p, "/v1/customers");
    }

    /// <summary>Deleting a customer cancels its subscriptions first, then announces the deletion.</summary>
    private static JsonObject Delete(EmulatorState state, StripeRequest request, string id)
    {
        var customer = Live(state, id);
        DeleteCustomer(state, customer, request.Cause);
        return Api.Deleted(customer.Id, "customer");
    }

    public static void DeleteCustomer(EmulatorState state, Customer customer, EventCause cause)
    {
        foreach (var subscription in state.Subscriptions.All.Where(s => s.Customer == customer.Id && !s.IsEnded).OrderBy(s => s.Sequence).ToList())
            SubscriptionLifecycle.CancelNow(state, subscription, cause, "cancellation_requested");
        var snapshot = customer.Render(state);
        customer.Deleted = true;
        state.Emit("customer.deleted", customer, cause, snapshot: snapshot);
    }

    public static Customer Live(EmulatorState state, string id, string param = "id")
    {
        var customer = state.Customers.Get(id, param);
        return customer.Deleted ? throw StripeErrorException.NotFound("customer", id, param) : customer;
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
