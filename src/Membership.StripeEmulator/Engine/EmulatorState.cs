using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Engine;

/// <summary>
/// The emulated Stripe account: every object, in memory, behind one lock. API handlers, hosted pages,
/// the billing scheduler and test clocks all change it under <see cref="Gate"/>; events are written here
/// and handed to the webhook dispatcher, which delivers them outside the lock. With a data directory,
/// <see cref="Persistence.StateWriter"/> keeps a copy on disk after every change (<see cref="Changes"/>).
/// </summary>
internal sealed class EmulatorState
{
    public const string ApiVersion = "2026-10-28.endive";

    private readonly Dictionary<string, StripeObject> _byId = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly WebhookDispatcher _dispatcher;
    private long _sequence;

    public EmulatorState(EmulatorOptions options, TimeProvider time, WebhookDispatcher dispatcher, ChangeTracker changes)
    {
        Options = options;
        Changes = changes;
        _time = time;
        _dispatcher = dispatcher;
        Customers = new(this, "customer");
        Products = new(this, "product");
        Prices = new(this, "price");
        CheckoutSessions = new(this, "checkout.session");
        PortalSessions = new(this, "billing_portal.session");
        Subscriptions = new(this, "subscription");
        Invoices = new(this, "invoice");
        InvoicePayments = new(this, "invoice_payment");
        PaymentIntents = new(this, "payment_intent");
        PaymentMethods = new(this, "payment_method");
        SetupIntents = new(this, "setup_intent");
        Charges = new(this, "charge");
        Refunds = new(this, "refund");
        Disputes = new(this, "dispute");
        Events = new(this, "event");
        WebhookEndpoints = new(this, "webhook_endpoint");
        TestClocks = new(this, "test_clock");
        InvoiceItems = new(this, "invoiceitem");
        Coupons = new(this, "coupon");
        Discounts = new(this, "discount");
        SubscriptionSchedules = new(this, "subscription_schedule");
        Stores = [Customers, Products, Prices, CheckoutSessions, PortalSessions, Subscriptions, Invoices, InvoicePayments, PaymentIntents,
            PaymentMethods, SetupIntents, Charges, Refunds, Disputes, Events, WebhookEndpoints, TestClocks, InvoiceItems, Coupons, Discounts,
            SubscriptionSchedules];
    }

    public Lock Gate { get; } = new();

    public EmulatorOptions Options { get; }

    public ChangeTracker Changes { get; }

    /// <summary>Every store, in the order the state file lists them.</summary>
    public IReadOnlyList<IPersistentStore> Stores { get; }

    /// <summary>The last <see cref="StripeObject.Sequence"/> given out; kept in the state file so order survives a restart.</summary>
    public long Sequence
    {
        get => _sequence;
        set => _sequence = value;
    }

    /// <summary>Where the hosted pages live; known once Kestrel has bound its port.</summary>
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1:12111/");

    /// <summary>The one portal configuration every portal session uses.</summary>
    public string PortalConfigurationId { get; set; } = Ids.New("bpc_");

    public ObjectStore<Customer> Customers { get; }
    public ObjectStore<Product> Products { get; }
    public ObjectStore<Price> Prices { get; }
    public ObjectStore<CheckoutSession> CheckoutSessions { get; }
    public ObjectStore<PortalSession> PortalSessions { get; }
    public ObjectStore<Subscription> Subscriptions { get; }
    public ObjectStore<Invoice> Invoices { get; }
    public ObjectStore<InvoicePayment> InvoicePayments { get; }
    public ObjectStore<PaymentIntent> PaymentIntents { get; }
    public ObjectStore<PaymentMethod> PaymentMethods { get; }
    public ObjectStore<SetupIntent> SetupIntents { get; }
    public ObjectStore<Charge> Charges { get; }
    public ObjectStore<Refund> Refunds { get; }
    public ObjectStore<Dispute> Disputes { get; }
    public ObjectStore<StripeEvent> Events { get; }
    public ObjectStore<WebhookEndpoint> WebhookEndpoints { get; }
    public ObjectStore<TestClock> TestClocks { get; }
    public ObjectStore<InvoiceItem> InvoiceItems { get; }
    public ObjectStore<Coupon> Coupons { get; }
    public ObjectStore<Discount> Discounts { get; }
    public ObjectStore<SubscriptionSchedule> SubscriptionSchedules { get; }

    private readonly Queue<Action> _later = new();

    /// <summary>
    /// Queues work that Stripe does shortly after an operation (<c>invoice_payment.paid</c>, a test card's dispute),
    /// run by <see cref="RunLater"/> once the operation's own events are out.
    /// </summary>
    public void Later(Action action) => _later.Enqueue(action);

    public void RunLater()
    {
        while (_later.TryDequeue(out var action))
            action();
    }

    /// <summary>
    /// Between the steps of a long operation that holds <see cref="Gate"/> (a test clock's advance over thousands of
    /// subscriptions), lets the requests waiting for it run, as Stripe serves reads while a clock advances.
    /// Only at a point where the state is whole: no work is left in <see cref="Later"/>.
    /// </summary>
    public void LetWaitingRequestsIn()
    {
        if (!Gate.IsHeldByCurrentThread || _later.Count > 0 || Volatile.Read(ref _waitingForGate) == 0)
            return;
        Gate.Exit();
        try
        {
            // Until those waiting have had their turn, for at most as long as the work between two pauses: the
            // operation keeps at least half of the time.
            var until = System.Diagnostics.Stopwatch.GetTimestamp() + (System.Diagnostics.Stopwatch.Frequency / 50);
            do
                Thread.Sleep(1);
            while (Volatile.Read(ref _waitingForGate) > 0 && System.Diagnostics.Stopwatch.GetTimestamp() < until);
        }
        finally
        {
            Gate.Enter();
        }
    }

    private int _waitingForGate;

    /// <summary>Takes <see cref="Gate"/> for an API request, counted while it waits (see <see cref="LetWaitingRequestsIn"/>).</summary>
    public Lock.Scope EnterGate()
    {
        Interlocked.Increment(ref _waitingForGate);
        try
        {
            return Gate.EnterScope();
        }
        finally
        {
            Interlocked.Decrement(ref _waitingForGate);
        }
    }

    public long WallNow() => _time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Time as the object sees it: its test clock's frozen time, or the wall clock.</summary>
    public long Now(string? testClockId) =>
        testClockId is not null && TestClocks.Find(testClockId) is { } clock ? clock.FrozenTime : WallNow();

    public void Register(StripeObject item)
    {
        item.Sequence = ++_sequence;
        _byId[item.Id] = item;
        Changes.Changed();
    }

    /// <summary>An object read back from the state file keeps its sequence.</summary>
    public void Restore(StripeObject item) => _byId[item.Id] = item;

    public StripeObject? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Writes an event with a snapshot of the object as it is now and queues its deliveries.</summary>
    public StripeEvent Emit(string type, StripeObject subject, EventCause cause, JsonObject? previousAttributes = null, JsonObject? snapshot = null)
    {
        var data = new JsonObject { ["object"] = snapshot ?? subject.Render(this) };
        if (previousAttributes is not null)
            data["previous_attributes"] = previousAttributes;
        var endpoints = WebhookEndpoints.All.Where(e => e.Enabled && e.Accepts(type)).OrderBy(e => e.Sequence).ToList();
        var stripeEvent = Events.Add(new StripeEvent
        {
            Id = Ids.New("evt_1"),
            Created = WallNow(),
            Type = type,
            ObjectId = subject.Id,
            Data = CompactJson.From(data),
            Request = cause,
            PendingWebhooks = endpoints.Count,
        });
        _dispatcher.Enqueue(stripeEvent.Id, type, stripeEvent.Payload, endpoints.Select(e => new WebhookTarget(e.Id, e.Url, e.Secret)));
        return stripeEvent;
    }

    /// <summary>
    /// Emits <paramref name="type"/> (a <c>*.updated</c> event) when the object differs from <paramref name="before"/>,
    /// with <c>previous_attributes</c> holding the old values of what changed. Nothing changed: no event.
    /// </summary>
    public void EmitIfChanged(string type, StripeObject subject, JsonObject before, EventCause cause)
    {
        var after = subject.Render(this);
        var previous = JsonDiff.PreviousAttributes(before, after);
        if (previous is not null)
            Emit(type, subject, cause, previous, after);
    }
}
