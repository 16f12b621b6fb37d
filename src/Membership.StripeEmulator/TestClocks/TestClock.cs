using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.TestClocks;

internal sealed class TestClock : StripeObject
{
    public override string Resource => "test_helpers.test_clock";

    public string? Name { get; init; }
    public long FrozenTime { get; set; }
    public string Status { get; set; } = "ready";
    public long? AdvancingTo { get; set; }
    public long DeletesAfter { get; init; }

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "test_helpers.test_clock",
        ["created"] = Created,
        ["deletes_after"] = DeletesAfter,
        ["frozen_time"] = FrozenTime,
        ["livemode"] = false,
        ["name"] = Name,
        ["status"] = Status,
        ["status_details"] = AdvancingTo is { } target
            ? new JsonObject { ["advancing"] = new JsonObject { ["target_frozen_time"] = target } }
            : new JsonObject(),
    };
}
