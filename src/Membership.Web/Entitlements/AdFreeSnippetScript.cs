using System.Buffers;
using System.Text;
using System.Text.Json;
using Membership.Web.AdLeaks;
using Membership.Web.Hosting;

namespace Membership.Web.Entitlements;

/// <summary>
/// The snippet's source (<c>AdFreeSnippet.js</c>, embedded) with its settings filled in: one JSON object
/// with the service, the site's name, the pass issuer, the verifying keys and the ad-leak settings.
/// </summary>
internal sealed class AdFreeSnippetScript(MembershipOptions membership, AdLeaksOptions leaks)
{
    private static readonly string Template = ReadTemplate();

    private readonly string _service = membership.PublicUrl.ToString().TrimEnd('/');

    public byte[] Render(IEnumerable<RingKey> keys) =>
        Encoding.UTF8.GetBytes(Template.Replace("__CONFIG__", Config(keys), StringComparison.Ordinal));

    private string Config(IEnumerable<RingKey> keys)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("service", _service);
            w.WriteString("site", membership.SiteName);
            // The issuer PassTokens writes: the public URL without its trailing slash.
            w.WriteString("issuer", _service);
            w.WriteStartArray("keys");
            foreach (var key in keys)
            {
                w.WriteStartObject();
                w.WriteString("kid", key.Kid);
                w.WriteString("x", key.PublicJwk.GetProperty("x").GetString());
                w.WriteString("y", key.PublicJwk.GetProperty("y").GetString());
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("adHosts");
            foreach (var host in leaks.HostList())
                w.WriteStringValue(host);
            w.WriteEndArray();
            w.WriteNumber("memberViewSampleRate", leaks.MemberViewSampleRate);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string ReadTemplate()
    {
        using var stream = typeof(AdFreeSnippetScript).Assembly.GetManifestResourceStream("Membership.Web.Entitlements.AdFreeSnippet.js")
            ?? throw new InvalidOperationException("The snippet's source is not embedded in the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
