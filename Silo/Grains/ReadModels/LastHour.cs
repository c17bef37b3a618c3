namespace AwsMultiEni.Silo.Grains.ReadModels;

/// <summary>One value per minute for the last hour: older minutes fall off as new ones come, so it never grows further.</summary>
internal sealed class LastHour<T>
    where T : class
{
    public const int Minutes = 60;

    private readonly SortedDictionary<DateTimeOffset, T> _minutes = [];

    public static DateTimeOffset MinuteOf(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    /// <summary>Sets the value of <paramref name="at"/>'s minute from the one it had (null when none).</summary>
    public void Update(DateTimeOffset at, Func<T?, T> change)
    {
        var minute = MinuteOf(at);
        _minutes[minute] = change(_minutes.GetValueOrDefault(minute));
        foreach (var old in _minutes.Keys.TakeWhile(m => m <= minute.AddMinutes(-Minutes)).ToList())
        {
            _minutes.Remove(old);
        }
    }

    /// <summary>
    /// Every minute of the hour up to <paramref name="now"/> from the first one known, oldest first; a minute with no
    /// value of its own takes what <paramref name="gap"/> makes of the minute before (null before the first).
    /// </summary>
    public IEnumerable<(DateTimeOffset Minute, T Value)> Through(DateTimeOffset now, Func<T?, T> gap)
    {
        var last = MinuteOf(now);
        var first = _minutes.Keys.FirstOrDefault(m => m > last.AddMinutes(-Minutes));
        if (first == default)
        {
            yield break;
        }

        T? previous = null;
        for (var minute = first; minute <= last; minute = minute.AddMinutes(1))
        {
            previous = _minutes.TryGetValue(minute, out var value) ? value : gap(previous);
            yield return (minute, previous);
        }
    }
}
