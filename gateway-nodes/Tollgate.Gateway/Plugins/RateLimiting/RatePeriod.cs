namespace Tollgate.Gateway.Plugins.RateLimiting;

/// <summary>A rate-limit window: Kong's fixed windows, aligned to the second, minute, hour, day, month or year.</summary>
public sealed record RatePeriod(string Name, string Header, int Index)
{
    public static readonly RatePeriod Second = new("second", "Second", 0);
    public static readonly RatePeriod Minute = new("minute", "Minute", 1);
    public static readonly RatePeriod Hour = new("hour", "Hour", 2);
    public static readonly RatePeriod Day = new("day", "Day", 3);
    public static readonly RatePeriod Month = new("month", "Month", 4);
    public static readonly RatePeriod Year = new("year", "Year", 5);

    public static readonly RatePeriod[] All = [Second, Minute, Hour, Day, Month, Year];

    /// <summary>The start and end of the window holding <paramref name="now"/>.</summary>
    public (DateTime Start, DateTime End) Window(DateTime now) => Name switch
    {
        "second" => (Floor(now, TimeSpan.TicksPerSecond), Floor(now, TimeSpan.TicksPerSecond).AddSeconds(1)),
        "minute" => (Floor(now, TimeSpan.TicksPerMinute), Floor(now, TimeSpan.TicksPerMinute).AddMinutes(1)),
        "hour" => (Floor(now, TimeSpan.TicksPerHour), Floor(now, TimeSpan.TicksPerHour).AddHours(1)),
        "day" => (now.Date, now.Date.AddDays(1)),
        "month" => (new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1)),
        _ => (new DateTime(now.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(now.Year + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc)),
    };

    private static DateTime Floor(DateTime now, long unit) => new(now.Ticks - now.Ticks % unit, DateTimeKind.Utc);
}
