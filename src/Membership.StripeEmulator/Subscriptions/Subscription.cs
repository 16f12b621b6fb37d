using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Subscriptions;

internal sealed class SubscriptionItem
{
    public required string Id { get; init; }
    public required long Created { get; init; }
    public required string Price { get; set; }
    public long Quantity { get; set; } = 1;
    public long PeriodStart { get; set; }
    public long PeriodEnd { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
}

/// <summary>Invoices are still made while paused, then voided, kept as drafts or marked uncollectible; none is charged.</summary>
internal sealed record PauseCollection(string Behavior, long? ResumesAt);

internal sealed class Subscription : StripeObject
{
    public override string Resource => "subscription";

    public required string Customer { get; init; }
    public required string Currency { get; init; }
    public List<SubscriptionItem> Items { get; init; } = [];
    public string Status { get; set; } = "incomplete";
    public bool CancelAtPeriodEnd { get; set; }
    public long? CancelAt { get; set; }
    public long? CanceledAt { get; set; }
    public long? EndedAt { get; set; }
    public string? CancellationReason { get; set; }
    public string? CancellationFeedback { get; set; }
    public string? CancellationComment { get; set; }
    public string? DefaultPaymentMethod { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public string? Description { get; set; }
    public long? TrialStart { get; set; }
    public long? TrialEnd { get; set; }
    public bool TrialWillEndSent { get; set; }
    public string? LatestInvoice { get; set; }
    public string? TestClock { get; init; }
    public string BillingMode { get; init; } = "flexible";
    public long StartDate { get; init; }
    public long BillingCycleAnchor { get; set; }
    public List<string> Discounts { get; init; } = [];
    public PauseCollection? PauseCollection { get; set; }
    public string? Schedule { get; set; }

    /// <summary>Periods billed since the anchor: -1 during a trial (which ends at the anchor), then 0, 1, 2, ...</summary>
    public int Cycle { get; set; }

    public bool IsEnded => Status is "canceled" or "incomplete_expired";

    public long CurrentPeriodStart => Items.Count == 0 ? StartDate : Items.Min(i => i.PeriodStart);

    public long CurrentPeriodEnd => Items.Count == 0 ? StartDate : Items.Max(i => i.PeriodEnd);

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "subscription",
        ["application"] = null,
        ["application_fee_percent"] = null,
        ["automatic_tax"] = new JsonObject { ["enabled"] = false, ["liability"] = null, ["disabled_reason"] = null },
        ["billing_cycle_anchor"] = BillingCycleAnchor,
        ["billing_cycle_anchor_config"] = null,
        ["billing_mode"] = new JsonObject
        {
            ["type"] = BillingMode,
            ["flexible"] = BillingMode == "flexible" ? new JsonObject { ["proration_discounts"] = "included" } : null,
        },
        ["billing_schedules"] = new JsonArray(),
        ["billing_thresholds"] = null,
        ["cancel_at"] = CancelAt,
        ["cancel_at_period_end"] = CancelAtPeriodEnd,
        ["canceled_at"] = CanceledAt,
        ["cancellation_details"] = new JsonObject
        {
            ["comment"] = CancellationComment,
            ["feedback"] = CancellationFeedback,
            ["feedback_option"] = null,
            ["reason"] = CancellationReason,
        },
        ["collection_method"] = "charge_automatically",
        ["created"] = Created,
        ["currency"] = Currency,
        ["customer"] = Customer,
        ["customer_account"] = null,
        ["days_until_due"] = null,
        ["default_payment_method"] = DefaultPaymentMethod,
        ["default_source"] = null,
        ["default_tax_rates"] = new JsonArray(),
        ["description"] = Description,
        ["discounts"] = StripeJson.Strings(Discounts),
        ["ended_at"] = EndedAt,
        ["invoice_settings"] = new JsonObject
        {
            ["account_tax_ids"] = null,
            ["issuer"] = new JsonObject { ["type"] = "self" },
            ["custom_fields"] = null,
            ["description"] = null,
            ["footer"] = null,
        },
        ["items"] = StripeJson.List($"/v1/subscription_items?subscription={Id}", Items.Select(i => (JsonNode?)RenderItem(state, i))),
        ["latest_invoice"] = LatestInvoice,
        ["livemode"] = false,
        ["managed_payments"] = null,
        ["metadata"] = StripeJson.Map(Metadata),
        ["next_pending_invoice_item_invoice"] = null,
        ["on_behalf_of"] = null,
        ["pause_collection"] = PauseCollection is { } pause ? new JsonObject { ["behavior"] = pause.Behavior, ["resumes_at"] = pause.ResumesAt } : null,
        ["payment_settings"] = new JsonObject
        {
            ["payment_method_options"] = null,
            ["payment_method_types"] = null,
            ["save_default_payment_method"] = "off",
        },
        ["pending_invoice_item_interval"] = null,
        ["pending_setup_intent"] = null,
        ["pending_update"] = null,
        ["schedule"] = Schedule,
        ["start_date"] = StartDate,
        ["status"] = Status,
        ["test_clock"] = TestClock,
        ["transfer_data"] = null,
        ["trial_end"] = TrialEnd,
        ["trial_settings"] = new JsonObject
        {
            ["end_behavior"] = new JsonObject { ["billing_cycle_anchor"] = null, ["missing_payment_method"] = "create_invoice" },
        },
        ["trial_start"] = TrialStart,
    };

    private JsonObject RenderItem(EmulatorState state, SubscriptionItem item)
    {
        var price = state.Prices.Get(item.Price);
        return new JsonObject
        {
            ["id"] = item.Id,
            ["object"] = "subscription_item",
            ["billed_until"] = item.PeriodEnd,
            ["billing_thresholds"] = null,
            ["created"] = item.Created,
            ["current_period_end"] = item.PeriodEnd,
            ["current_period_start"] = item.PeriodStart,
            ["current_trial"] = null,
            ["discounts"] = new JsonArray(),
            ["metadata"] = StripeJson.Map(item.Metadata),
            ["plan"] = price.RenderPlan(),
            ["price"] = price.Render(state),
            ["quantity"] = item.Quantity,
            ["subscription"] = Id,
            ["tax_rates"] = new JsonArray(),
        };
    }
}
