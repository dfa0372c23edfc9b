namespace Tollgate.Billing;

/// <summary>Calendar months (UTC) as numbers, year × 12 + month − 1, the unit quotas and invoices are counted in.</summary>
public static class QuotaMonth
{
    public static long Of(DateTimeOffset time) => time.UtcDateTime.Year * 12L + time.UtcDateTime.Month - 1;

    public static long Now => Of(DateTimeOffset.UtcNow);

    /// <summary>The first second of the month, as unix seconds.</summary>
    public static long Start(long month) => new DateTimeOffset((int)(month / 12), (int)(month % 12) + 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
}
