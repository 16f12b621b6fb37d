using System.Security.Claims;
using Membership.Web.Accounts;

namespace Membership.Web.ApiKeys;

/// <summary>A live (not revoked) key as every instance holds it in memory.</summary>
public sealed class KnownApiKey(Guid id, string name, ApiKeyKind kind, string prefix, byte[] hash)
{
    public const string KindClaim = "api_key_kind";
    public const string IdClaim = "api_key_id";

    public Guid Id { get; } = id;
    public string Name { get; } = name;
    public ApiKeyKind Kind { get; } = kind;
    public string Prefix { get; } = prefix;
    public byte[] Hash { get; } = hash;

    // The claim values, made once per key rather than on every site lookup.
    private readonly string _principalName = $"api-key {name} ({prefix}...)";
    private readonly string _idValue = id.ToString();
    private readonly string _kindValue = ApiKeySecrets.KindName(kind);

    /// <summary>A fresh principal per request, since authorization code may add to it.</summary>
    public ClaimsPrincipal CreatePrincipal(string scheme)
    {
        var claims = new List<Claim>(4)
        {
            new(ClaimTypes.Name, _principalName),
            new(IdClaim, _idValue),
            new(KindClaim, _kindValue),
        };
        if (Kind == ApiKeyKind.Admin)
            claims.Add(new Claim(ClaimTypes.Role, AccountsExtensions.AdminRole));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}
