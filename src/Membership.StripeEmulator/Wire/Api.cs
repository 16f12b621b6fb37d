using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Wire;

internal static class Api
{
    /// <summary>Runs one API operation under the state's lock, then expands and serialises its answer there too.</summary>
    public static IResult Respond(EmulatorState state, StripeRequest request, Func<JsonObject> operation)
    {
        using (state.EnterGate())
        {
            try
            {
                var result = operation();
                Expander.Apply(state, result, request.Params.Expand);
                return StripeJson.Ok(result);
            }
            finally
            {
                state.RunLater();
                // Some writes change nothing that emits an event (a webhook endpoint's URL, say), yet must be kept.
                if (request.IsWrite)
                    state.Changes.Changed();
            }
        }
    }

    /// <summary>Stripe's form of a deleted object: <c>{"id","object","deleted":true}</c>.</summary>
    public static JsonObject Deleted(string id, string objectName) => new()
    {
        ["id"] = id,
        ["object"] = objectName,
        ["deleted"] = true,
    };
}
