using System.Text.Json;
using System.Text.Json.Serialization;

namespace Membership.Web.Entitlements;

/// <summary>Serialisers for the hot path's answers, generated at build time (no reflection per type).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EntitlementView))]
[JsonSerializable(typeof(EntitlementBatchResponse))]
internal sealed partial class EntitlementJson : JsonSerializerContext;
