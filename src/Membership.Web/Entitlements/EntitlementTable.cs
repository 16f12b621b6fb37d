namespace Membership.Web.Entitlements;

/// <summary>
/// An open-addressing hash table (linear probing) of fixed-size slots keyed by reader id: 64 bytes a
/// reader, no object per entry, nothing for the garbage collector to trace. One writer at a time (the
/// caller holds a lock); readers take no lock: each slot carries a sequence number that is odd while it is
/// written, and a reader that saw it change copies the slot again. Removal shifts the following entries
/// back (no tombstones), so a reader racing with a removal may miss an entry: a miss only costs a load.
/// </summary>
internal sealed class EntitlementTable
{
    private const int SmallestSize = 1024;

    private Slot[] _slots;
    private EntitlementShape[] _shapes = new EntitlementShape[16];
    private readonly Dictionary<(bool, string, string, string?, string?), int> _shapeIds = [];
    private readonly int _largestSize;

    public EntitlementTable(int capacity)
    {
        // Room for the whole capacity at a load of at most 0.8, and some over it until a trim catches up.
        _largestSize = Math.Max(SmallestSize, (int)Math.Min(int.MaxValue / 2, capacity * 5L / 4 + 64));
        _slots = new Slot[Math.Min(SmallestSize, _largestSize)];
    }

    public int Count { get; private set; }

    /// <summary>How many slots are allocated (for memory figures).</summary>
    public int Size => Volatile.Read(ref _slots).Length;

    /// <summary>Lock-free. The entry without its facts.</summary>
    public bool TryGet(Guid readerId, out CachedEntitlement entry)
    {
        var slots = Volatile.Read(ref _slots);
        var i = Home(readerId, slots.Length);
        for (var probes = 0; probes < slots.Length; probes++)
        {
            ref var slot = ref slots[i];
            Slot copy;
            var spin = new SpinWait();
            while (true)
            {
                var before = Volatile.Read(ref slot.Seq);
                copy = slot;
                Interlocked.MemoryBarrier();
                if ((before & 1) == 0 && Volatile.Read(ref slot.Seq) == before)
                    break;
                spin.SpinOnce();
            }
            if (copy.Shape == 0)
                break;
            if (copy.Key == readerId)
            {
                var shapes = Volatile.Read(ref _shapes);
                entry = new CachedEntitlement(copy.Key, shapes[copy.Shape - 1], null, copy.ValidUntil, copy.GraceUntil, copy.Evaluated, copy.NextChange, copy.Loaded);
                return true;
            }
            i = i + 1 == slots.Length ? 0 : i + 1;
        }
        entry = default;
        return false;
    }

    /// <summary>Writer only. Adds or overwrites the reader's entry.</summary>
    public void Set(in CachedEntitlement entry)
    {
        if (Count + 1 > _slots.Length * 4L / 5 && _slots.Length < _largestSize)
            Grow();
        var shape = ShapeId(entry.Shape);
        var slots = _slots;
        var i = Find(slots, entry.ReaderId, out var found);
        if (!found)
        {
            if (Count + 1 >= slots.Length)
                return; // full (a trim is on its way): not keeping it only costs a load
            Count++;
        }
        Write(ref slots[i], shape, entry.ReaderId, entry);
    }

    /// <summary>Writer only. Whether the reader's slot still holds exactly this entry.</summary>
    public bool Holds(in CachedEntitlement entry)
    {
        var slots = _slots;
        var i = Find(slots, entry.ReaderId, out var found);
        return found && slots[i].Loaded == entry.LoadedTicks && slots[i].Evaluated == entry.EvaluatedTicks;
    }

    /// <summary>Writer only.</summary>
    public bool Remove(Guid readerId)
    {
        var i = Find(_slots, readerId, out var found);
        if (found)
            RemoveAt(i);
        return found;
    }

    /// <summary>Writer only. Removes about <paramref name="count"/> entries, in slot order from <paramref name="start"/>; the ids removed go to <paramref name="removed"/>.</summary>
    public int RemoveSome(int count, int start, List<Guid> removed)
    {
        var slots = _slots;
        var i = (int)((uint)start % (uint)slots.Length);
        for (var visited = 0; count > 0 && Count > 0 && visited < slots.Length * 2; visited++)
        {
            if (slots[i].Shape != 0)
            {
                removed.Add(slots[i].Key);
                RemoveAt(i); // a following entry may have moved into i: look at it again
                count--;
                continue;
            }
            i = i + 1 == slots.Length ? 0 : i + 1;
        }
        return i;
    }

    /// <summary>Writer only. Forgets everything and gives the memory back.</summary>
    public void Clear()
    {
        Volatile.Write(ref _slots, new Slot[Math.Min(SmallestSize, _largestSize)]);
        Count = 0;
    }

    private static int Home(Guid readerId, int size)
    {
        var hash = (uint)readerId.GetHashCode() * 0x9E3779B9u;
        return (int)(((ulong)hash * (uint)size) >> 32);
    }

    private static int Find(Slot[] slots, Guid readerId, out bool found)
    {
        var i = Home(readerId, slots.Length);
        while (slots[i].Shape != 0)
        {
            if (slots[i].Key == readerId)
            {
                found = true;
                return i;
            }
            i = i + 1 == slots.Length ? 0 : i + 1;
        }
        found = false;
        return i;
    }

    /// <summary>Backward-shift deletion: entries after the hole whose home is not between the hole and them move into it.</summary>
    private void RemoveAt(int hole)
    {
        var slots = _slots;
        var j = hole;
        while (true)
        {
            j = j + 1 == slots.Length ? 0 : j + 1;
            if (slots[j].Shape == 0)
                break;
            var home = Home(slots[j].Key, slots.Length);
            var stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (stays)
                continue;
            var moving = slots[j];
            Write(ref slots[hole], moving.Shape, moving.Key, moving);
            hole = j;
        }
        Write(ref slots[hole], 0, Guid.Empty, default(Slot));
        Count--;
    }

    private void Grow()
    {
        var old = _slots;
        // Doubling, except that a size one more doubling would take past the largest goes to the largest at
        // once: the step from half to full is skipped, and with it the moment when both live side by side
        // (67 and 80 MB at a million readers).
        var size = old.Length * 2L;
        var bigger = new Slot[(int)(size * 2 > _largestSize ? _largestSize : size)];
        foreach (ref readonly var slot in old.AsSpan())
        {
            if (slot.Shape == 0)
                continue;
            var i = Find(bigger, slot.Key, out _);
            bigger[i] = slot with { Seq = 0 };
        }
        Volatile.Write(ref _slots, bigger);
    }

    private int ShapeId(EntitlementShape shape)
    {
        var key = shape.Key;
        if (_shapeIds.TryGetValue(key, out var id))
            return id;
        var shapes = _shapes;
        if (_shapeIds.Count == shapes.Length)
        {
            Array.Resize(ref shapes, shapes.Length * 2);
            Volatile.Write(ref _shapes, shapes);
        }
        // Features kept as an array of their own: a caller's list must not change under readers.
        shapes[_shapeIds.Count] = shape with { Features = [.. shape.Features] };
        id = _shapeIds.Count + 1;
        _shapeIds[key] = id;
        return id;
    }

    private static void Write(ref Slot slot, int shape, Guid key, in CachedEntitlement entry) =>
        Write(ref slot, shape, key, new Slot
        {
            ValidUntil = entry.ValidUntilTicks,
            GraceUntil = entry.GraceUntilTicks,
            Evaluated = entry.EvaluatedTicks,
            NextChange = entry.NextChangeTicks,
            Loaded = entry.LoadedTicks,
        });

    private static void Write(ref Slot slot, int shape, Guid key, in Slot values)
    {
        var seq = slot.Seq;
        Interlocked.Exchange(ref slot.Seq, seq + 1); // odd: readers wait; a full fence before the fields change
        slot.Shape = shape;
        slot.Key = key;
        slot.ValidUntil = values.ValidUntil;
        slot.GraceUntil = values.GraceUntil;
        slot.Evaluated = values.Evaluated;
        slot.NextChange = values.NextChange;
        slot.Loaded = values.Loaded;
        Volatile.Write(ref slot.Seq, seq + 2);
    }

    private struct Slot
    {
        public int Seq;
        public int Shape; // 1 + index into the shapes; 0 for an empty slot
        public Guid Key;
        public long ValidUntil;
        public long GraceUntil;
        public long Evaluated;
        public long NextChange;
        public long Loaded;
    }
}
