using Membership.Web.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Infrastructure;

public static class MembershipAppExtensions
{
    /// <summary>Runs a query or change against the app's own database in a fresh scope.</summary>
    public static async Task<T> WithDbAsync<T>(this MembershipApp app, Func<MembershipDbContext, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<MembershipDbContext>());
    }
}
