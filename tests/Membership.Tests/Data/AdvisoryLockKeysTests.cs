using System.Reflection;
using Membership.Tests.Infrastructure;
using Membership.Web.Data;

namespace Membership.Tests.Data;

/// <summary>Two jobs sharing an advisory-lock key would wait for (or skip) each other's work.</summary>
public sealed class AdvisoryLockKeysTests
{
    [Fact]
    public void Every_advisory_lock_key_is_distinct()
    {
        var keys = typeof(AdvisoryLockKeys).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(long))
            .Select(f => (f.Name, Value: (long)f.GetRawConstantValue()!))
            // The tests' own key (building the template database) must not block or be blocked by the service's.
            .Append((Name: "TestDatabase.TemplateLockKey", Value: TestDatabase.TemplateLockKey))
            .ToList();

        Assert.True(keys.Count >= 7, $"Expected the service's lock keys, found {keys.Count}.");
        var shared = keys.GroupBy(k => k.Value).Where(g => g.Count() > 1).Select(g => string.Join(" = ", g.Select(k => k.Name))).ToList();
        Assert.True(shared.Count == 0, $"Lock keys used twice: {string.Join("; ", shared)}");
    }

    [Fact]
    public void No_feature_declares_a_lock_key_of_its_own()
    {
        var elsewhere = typeof(AdvisoryLockKeys).Assembly.GetTypes()
            .Where(t => t != typeof(AdvisoryLockKeys))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(f => f.IsLiteral && f.FieldType == typeof(long) && f.Name.Contains("LockKey", StringComparison.Ordinal))
            .Select(f => $"{f.DeclaringType!.Name}.{f.Name}")
            .ToList();
        Assert.Empty(elsewhere);
    }
}
