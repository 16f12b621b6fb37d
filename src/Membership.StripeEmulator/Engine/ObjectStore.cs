namespace Membership.StripeEmulator.Engine;

/// <summary>The objects of one kind, by id and newest first (Stripe's list order).</summary>
internal sealed class ObjectStore<T>(EmulatorState state, string resource) where T : StripeObject
{
    private readonly Dictionary<string, T> _byId = new(StringComparer.Ordinal);

    public T Add(T item)
    {
        _byId.Add(item.Id, item);
        state.Register(item);
        return item;
    }

    public T Get(string id, string param = "id") =>
        _byId.TryGetValue(id, out var item) ? item : throw StripeErrorException.NotFound(resource, id, param);

    public T? Find(string? id) => id is not null && _byId.TryGetValue(id, out var item) ? item : null;

    public void Remove(string id) => _byId.Remove(id);

    public IEnumerable<T> NewestFirst() =>
        _byId.Values.OrderByDescending(i => i.Created).ThenByDescending(i => i.Sequence);

    public IEnumerable<T> All => _byId.Values;
}
