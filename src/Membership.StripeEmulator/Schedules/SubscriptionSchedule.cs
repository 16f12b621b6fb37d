using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Schedules;

internal sealed record PhaseItem(string Price, long Quantity);

/// <summary>A stretch of the schedule with its items; when the last one ends, <c>end_behavior</c> says what happens.</summary>
internal sealed record SchedulePhase(long StartDate, long EndDate, List<PhaseItem> Items, string ProrationBehavior);

/// <summary>Planned changes to one subscription, phase by phase (here: a new price from the next renewal on).</summary>
internal sealed class SubscriptionSchedule : StripeObject
{
    public override string Resource => "subscription_schedule";

    public required string Customer { get; init; }
    public required string Currency { get; init; }
    public string? Subscription { get; set; }
    public string Status { get; set; } = "active";
    public string EndBehavior { get; set; } = "release";
    public List<SchedulePhase> Phases { get; set; } = [];
    public long? ReleasedAt { get; set; }
    public string? ReleasedSubscription { get; set; }
    public long? CanceledAt { get; set; }
    public long? CompletedAt { get; set; }
    public string? TestClock { get; init; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public bool IsLive => Status is "active" or "not_started";

    public SchedulePhase? PhaseAt(long time) => Phases.FirstOrDefault(p => p.StartDate <= time && time < p.EndDate);

    public override JsonObject Render(EmulatorState state)
    {
        var current = IsLive ? PhaseAt(state.Now(TestClock)) : null;
        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "subscription_schedule",
            ["application"] = null,
            ["billing_mode"] = new JsonObject { ["flexible"] = new JsonObject { ["proration_discounts"] = "included" }, ["type"] = "flexible" },
            ["canceled_at"] = CanceledAt,
            ["completed_at"] = CompletedAt,
            ["created"] = Created,
            ["current_phase"] = current is null ? null : new JsonObject { ["end_date"] = current.EndDate, ["start_date"] = current.StartDate },
            ["customer"] = Customer,
            ["customer_account"] = null,
            ["default_settings"] = new JsonObject
            {
                ["application_fee_percent"] = null,
                ["automatic_tax"] = new JsonObject { ["disabled_reason"] = null, ["enabled"] = false, ["liability"] = null },
                ["billing_cycle_anchor"] = "automatic",
                ["billing_thresholds"] = null,
                ["collection_method"] = "charge_automatically",
                ["default_payment_method"] = null,
                ["description"] = null,
                ["invoice_settings"] = new JsonObject
                {
                    ["account_tax_ids"] = null,
                    ["custom_fields"] = null,
                    ["days_until_due"] = null,
                    ["description"] = null,
                    ["footer"] = null,
                    ["issuer"] = new JsonObject { ["type"] = "self" },
                },
                ["on_behalf_of"] = null,
                ["transfer_data"] = null,
            },
            ["end_behavior"] = EndBehavior,
            ["livemode"] = false,
            ["metadata"] = StripeJson.Map(Metadata),
            ["pause_schedules"] = new JsonArray(),
            ["phases"] = StripeJson.Array(Phases.Select(p => (JsonNode?)RenderPhase(p))),
            ["released_at"] = ReleasedAt,
            ["released_subscription"] = ReleasedSubscription,
            ["status"] = Status,
            ["subscription"] = Subscription,
            ["test_clock"] = TestClock,
        };
    }

    private JsonObject RenderPhase(SchedulePhase phase) => new()
    {
        ["add_invoice_items"] = new JsonArray(),
        ["application_fee_percent"] = null,
        ["automatic_tax"] = new JsonObject { ["disabled_reason"] = null, ["enabled"] = false, ["liability"] = null },
        ["billing_cycle_anchor"] = null,
        ["billing_thresholds"] = null,
        ["collection_method"] = null,
        ["currency"] = Currency,
        ["default_payment_method"] = null,
        ["default_tax_rates"] = new JsonArray(),
        ["description"] = null,
        ["discounts"] = new JsonArray(),
        ["end_date"] = phase.EndDate,
        ["invoice_settings"] = null,
        ["items"] = StripeJson.Array(phase.Items.Select(i => (JsonNode?)new JsonObject
        {
            ["billing_thresholds"] = null,
            ["discounts"] = new JsonArray(),
            ["metadata"] = new JsonObject(),
            ["plan"] = i.Price,
            ["price"] = i.Price,
            ["quantity"] = i.Quantity,
            ["tax_rates"] = new JsonArray(),
        })),
        ["metadata"] = new JsonObject(),
        ["on_behalf_of"] = null,
        ["proration_behavior"] = phase.ProrationBehavior,
        ["start_date"] = phase.StartDate,
        ["transfer_data"] = null,
        ["trial_end"] = null,
    };
}
