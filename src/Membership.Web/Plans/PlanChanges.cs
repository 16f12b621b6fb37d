

namespace Membership.Web.Plans;

/// <summary>Applies the fields a request names to a plan and remembers each change, for the audit row.</summary>
public sealed class PlanChanges(Plan plan)
{
    private readonly Dictionary<string, object?[]> _changes = new(StringComparer.Ordinal);

    public int Count => _changes.Count;

    public bool OnlyArchived => _changes.Count == 1 && Has(nameof(Plan.Archived));

    /// <summary>Field name to [from, to].</summary>
    public IReadOnlyDictionary<string, object?[]> Details => _changes;

    public bool Has(string field) => _changes.ContainsKey(field);

    public void Set<T>(string field, T? value, Func<Plan, T> read, Action<Plan, T> write)
        where T : notnull
    {
        if (value is null || EqualityComparer<T>.Default.Equals(read(plan), value))
            return;
        Note(field, read(plan), value);
        write(plan, value);
    }

    public void Set<T>(string field, T? value, Func<Plan, T> read, Action<Plan, T> write)
        where T : struct
    {
        if (value is not { } v || EqualityComparer<T>.Default.Equals(read(plan), v))
            return;
        Note(field, read(plan), v);
        write(plan, v);
    }

    public void SetList(string field, List<string>? value, Func<Plan, List<string>> read, Action<Plan, List<string>> write)
    {
        var distinct = value?.Distinct(StringComparer.Ordinal).ToList();
        if (distinct is null || read(plan).SequenceEqual(distinct, StringComparer.Ordinal))
            return;
        Note(field, read(plan), distinct);
        write(plan, distinct);
    }

    public void Note(string field, object? from, object? to) => _changes[field] = [from, to];
}
