using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Membership.StripeEmulator.Tests.Contract;

/// <summary>
/// Every object the emulator renders, in every flow (answers, expanded objects, list pages, error bodies and webhook
/// payloads), checked against the type declarations of the <c>stripe</c> npm package that pins the same API version
/// as Stripe.net 53.1.0 (stripe 23.1.0, <c>2026-10-28.endive</c>). The per-type counts are printed (and written to
/// Contract/TypeScript/generated/report.txt).
/// </summary>
public sealed class TypeDeclarationContractTests(ITestOutputHelper output)
{
    /// <summary>What the flows must have produced, so a flow that silently stopped cannot make the check pass.</summary>
    private static readonly string[] Expected =
    [
        "customer", "product", "price", "plan", "checkout.session", "item", "billing_portal.session", "subscription", "subscription_item",
        "invoice", "line_item", "invoice_payment", "payment_intent", "payment_method", "setup_intent", "charge", "refund", "dispute",
        "event", "webhook_endpoint", "test_helpers.test_clock", "error", "list", "invoiceitem", "coupon", "discount", "subscription_schedule",
    ];

    [Fact]
    public async Task Every_object_the_emulator_renders_matches_the_stripe_package_type_declarations()
    {
        var recorder = new ResponseRecorder();
        await using var emulator = await Emulator.StartAsync();
        var apiBase = emulator.Server.BaseUrl.ToString().TrimEnd('/');
        var stripe = new StripeClient(new StripeClientOptions
        {
            ApiKey = Emulator.SecretKey,
            ApiBase = apiBase,
            HttpClient = new SystemNetHttpClient(new HttpClient(recorder, disposeHandler: false), maxNetworkRetries: 0),
        });
        using var raw = new HttpClient(recorder, disposeHandler: false) { BaseAddress = emulator.Server.BaseUrl };
        raw.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.SecretKey);

        await new ContractScenario(emulator, stripe, raw, recorder).RunAsync();
        Assert.Empty(recorder.UnexpectedErrors);

        var objects = recorder.Bodies.Select(b => (b.Source, b.Json))
            .Concat(emulator.Webhooks.Payloads.Select(p => (Source: "webhook", Json: JsonNode.Parse(p)!.AsObject())))
            .Select(o => new DeclaredObject(TypeDeclarations.TypeOf(o.Json) ?? throw new InvalidOperationException($"No declaration mapped for {o.Source}: {o.Json}"), o.Source, o.Json))
            .ToList();
        var errors = await TypeDeclarations.CheckAsync(objects);

        var report = Report(objects, errors);
        output.WriteLine(report);
        await System.IO.File.WriteAllTextAsync(Path.Combine(TypeDeclarations.Folder, "generated", "report.txt"), report);
        Assert.True(errors.Count == 0, $"{errors.Count} of {objects.Count} objects do not match their declarations:\n"
            + string.Join("\n\n", errors.Take(25).Select(e => $"{objects[e.Key].Source} ({objects[e.Key].Type}):\n{e.Value}")));
        Assert.Empty(Expected.Except(objects.SelectMany(o => Kinds(o.Json))));
    }

    /// <summary>Per kind of object: how many were checked (nested ones included), how many at the top of an answer, how many invalid.</summary>
    private static string Report(List<DeclaredObject> objects, IReadOnlyDictionary<int, string> errors)
    {
        var rows = new SortedDictionary<string, (int All, int Top, int Invalid)>(StringComparer.Ordinal);
        for (var i = 0; i < objects.Count; i++)
        {
            var kinds = Kinds(objects[i].Json).ToList();
            for (var k = 0; k < kinds.Count; k++)
            {
                var row = rows.GetValueOrDefault(kinds[k]);
                rows[kinds[k]] = (row.All + 1, row.Top + (k == 0 ? 1 : 0), row.Invalid + (errors.ContainsKey(i) ? 1 : 0));
            }
        }
        var text = new StringBuilder($"stripe 23.1.0 type declarations (API 2026-10-28.endive): {objects.Count} bodies, {objects.Count - errors.Count} valid\n");
        text.Append("kind                     checked  top-level  invalid\n");
        foreach (var (kind, row) in rows)
            text.Append($"{kind,-24} {row.All,7}  {row.Top,9}  {row.Invalid,7}\n");
        text.Append($"{"all objects",-24} {rows.Values.Sum(r => r.All),7}  {rows.Values.Sum(r => r.Top),9}  {rows.Values.Sum(r => r.Invalid),7}\n");
        return text.ToString();
    }

    /// <summary>The kinds of object in a body, the body's own first: every nested object with an <c>object</c> field counts.</summary>
    private static IEnumerable<string> Kinds(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            if (obj["error"] is JsonObject)
                yield return "error";
            else if (obj["object"] is JsonValue value && value.TryGetValue<string>(out var kind))
                yield return kind;
            foreach (var (_, child) in obj)
            {
                foreach (var nested in Kinds(child))
                    yield return nested;
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                foreach (var nested in Kinds(item))
                    yield return nested;
            }
        }
    }
}
