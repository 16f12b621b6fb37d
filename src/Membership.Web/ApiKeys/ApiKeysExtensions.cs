namespace Membership.Web.ApiKeys;

/// <summary>Site and admin API keys: issued by admins, stored hashed, checked on every site call.</summary>
public static class ApiKeysExtensions
{
    public static WebApplicationBuilder AddApiKeys(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapApiKeys(this WebApplication app) => app;
}
