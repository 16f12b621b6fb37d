using System.Text.Json;

namespace Membership.StripeEmulator.Engine;

/// <summary>What the state file needs of every store, whatever it holds.</summary>
internal interface IPersistentStore
{
    /// <summary>The key of this store's objects in the state file.</summary>
    string Resource { get; }

    void Write(Utf8JsonWriter writer, JsonSerializerOptions options);

    void Read(JsonElement items, JsonSerializerOptions options);
}

/// <summary>The objects of one kind, by id and newest first (Stripe's list order).</summary>
internal sealed class ObjectStore<T>(EmulatorState state, string resource) : IPersistentStore where T : StripeObject
{
    private readonly Dictionary<string, T> _byId = new(StringComparer.Ordinal);

    public string Resource => resource;

    public T Add(T item)
    {
        _byId.Add(item.Id, item);
        state.Register(item);
        return item;
    }

    public T Get(string id, string param = "id") =>
        _byId.TryGetValue(id, out var item) ? item : throw StripeErrorException.NotFound(resource, id, param);

    public T? Find(string? id) => id is not null && _byId.TryGetValue(id, out var item) ? item : null;

    public void Remove(string id)
    {
        _byId.Remove(id);
        state.Changes.Changed();
    }

    public IEnumerable<T> NewestFirst() =>
        _byId.Values.OrderByDescending(i => i.Created).ThenByDescending(i => i.Sequence);

    /// <summary>Filters before sorting: a customer's few objects among tens of thousands cost a scan, not a sort of them all.</summary>
    public IEnumerable<T> NewestFirst(Func<T, bool> where) =>
        _byId.Values.Where(where).OrderByDescending(i => i.Created).ThenByDescending(i => i.Sequence);

    public IEnumerable<T> All => _byId.Values;

    public void Write(Utf8JsonWriter writer, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, _byId.Values.OrderBy(i => i.Sequence).ToList(), options);

    public void Read(JsonElement items, JsonSerializerOptions options)
    {
        foreach (var item in items.Deserialize<List<T>>(options) ?? [])
        {
            _byId[item.Id] = item;
            state.Restore(item);
        }
    }
}
