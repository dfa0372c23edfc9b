using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Tollgate.Storage;

namespace Tollgate.Billing;

/// <summary>Billing state in the platform database: accounts, what each hour reported to Stripe, invoices, and the webhook events handled.</summary>
public sealed class BillingStore(Database database)
{
    private const string AccountColumns = "tenant, tenant_id, plan, customer_id, subscription_id, subscription_items, standing, grace_until, billed_from, billed_through, updated_at";

    public async Task<BillingAccount?> Account(string tenant, CancellationToken cancellation = default) =>
        (await Accounts("WHERE tenant = @v", tenant, cancellation)).SingleOrDefault();

    /// <summary>The tenant whose Stripe customer this is, if any.</summary>
    public async Task<string?> TenantOfCustomer(string customerId, CancellationToken cancellation = default) =>
        (await Accounts("WHERE customer_id = @v", customerId, cancellation)).FirstOrDefault()?.Tenant;

    /// <summary>
    /// The tenants of accounts that may have work, in order, a page at a time after <paramref name="after"/>: all of
    /// them, or those with usage before <paramref name="dueBefore"/> not yet billed, a payment problem, no Stripe
    /// customer yet (when <paramref name="stripe"/>), or a subscription whose recent hours are to be compared again.
    /// </summary>
    public async Task<List<string>> Tenants(string after, int size, bool all, long dueBefore, bool stripe, bool correcting, CancellationToken cancellation = default)
    {
        var filter = all ? "" : " AND (billed_through < @due OR standing <> 0" + (stripe ? " OR customer_id IS NULL" : "") + (correcting ? " OR subscription_id IS NOT NULL" : "") + ")";
        await using var connection = await database.OpenAsync(cancellation);
        await using var reader = await connection.Command($"SELECT tenant FROM billing_accounts WHERE tenant > @a{filter} ORDER BY tenant LIMIT @n", null,
            ("@a", after), ("@n", size), ("@due", dueBefore)).ExecuteReaderAsync(cancellation);
        var tenants = new List<string>();
        while (await reader.ReadAsync(cancellation)) tenants.Add(reader.GetString(0));
        return tenants;
    }

    private async Task<List<BillingAccount>> Accounts(string where, string value, CancellationToken cancellation)
    {
        await using var connection = await database.OpenAsync(cancellation);
        await using var reader = await connection.Command($"SELECT {AccountColumns} FROM billing_accounts {where}", null, ("@v", value)).ExecuteReaderAsync(cancellation);
        var accounts = new List<BillingAccount>();
        while (await reader.ReadAsync(cancellation))
        {
            accounts.Add(new BillingAccount(reader.GetString(0), Guid.Parse(reader.GetString(1)), reader.GetString(2), Text(reader, 3), Text(reader, 4), Text(reader, 5),
                (BillingStanding)reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10)));
        }
        return accounts;
    }

    private static string? Text(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    public async Task Save(BillingAccount account, CancellationToken cancellation = default)
    {
        await using var connection = await database.OpenAsync(cancellation);
        await connection.Command(
            $"""
            INSERT INTO billing_accounts ({AccountColumns}) VALUES (@tenant, @id, @plan, @customer, @sub, @items, @standing, @grace, @from, @through, @at)
            ON CONFLICT (tenant) DO UPDATE SET tenant_id = excluded.tenant_id, plan = excluded.plan, customer_id = excluded.customer_id,
                subscription_id = excluded.subscription_id, subscription_items = excluded.subscription_items, standing = excluded.standing,
                grace_until = excluded.grace_until, billed_from = excluded.billed_from, billed_through = excluded.billed_through, updated_at = excluded.updated_at
            """, null,
            ("@tenant", account.Tenant), ("@id", account.TenantId.ToString()), ("@plan", account.Plan), ("@customer", account.CustomerId),
            ("@sub", account.SubscriptionId), ("@items", account.SubscriptionItems), ("@standing", (int)account.Standing), ("@grace", account.GraceUntil),
            ("@from", account.BilledFrom), ("@through", account.BilledThrough), ("@at", account.UpdatedAt)).ExecuteNonQueryAsync(cancellation);
    }

    public async Task Delete(string tenant, CancellationToken cancellation = default)
    {
        await using var connection = await database.OpenAsync(cancellation);
        await connection.Command("DELETE FROM billing_accounts WHERE tenant = @t", null, ("@t", tenant)).ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>Requests reported to Stripe per hour in [from, to).</summary>
    public async Task<Dictionary<long, long>> Reported(Guid tenantId, long from, long to, CancellationToken cancellation = default)
    {
        await using var connection = await database.OpenAsync(cancellation);
        await using var reader = await connection.Command("SELECT hour, requests FROM billing_meter_reports WHERE tenant_id = @t AND hour >= @from AND hour < @to", null,
            ("@t", tenantId.ToString()), ("@from", from), ("@to", to)).ExecuteReaderAsync(cancellation);
        var hours = new Dictionary<long, long>();
        while (await reader.ReadAsync(cancellation)) hours[reader.GetInt64(0)] = reader.GetInt64(1);
        return hours;
    }

    public async Task Report(Guid tenantId, long hour, long requests, long at, CancellationToken cancellation = default)
    {
        await using var connection = await database.OpenAsync(cancellation);
        await connection.Command(
            """
            INSERT INTO billing_meter_reports (tenant_id, hour, requests, reported_at) VALUES (@t, @h, @r, @at)
            ON CONFLICT (tenant_id, hour) DO UPDATE SET requests = excluded.requests, reported_at = excluded.reported_at
            """, null, ("@t", tenantId.ToString()), ("@h", hour), ("@r", requests), ("@at", at)).ExecuteNonQueryAsync(cancellation);
    }

    public async Task SaveInvoice(string tenant, Invoice invoice, long at, CancellationToken cancellation = default)
    {
        await using var connection = await database.OpenAsync(cancellation);
        await connection.Command(
            """
            INSERT INTO billing_invoices (tenant, id, period_start, period_end, status, amount_cents, currency, lines, source, url, updated_at)
            VALUES (@t, @id, @ps, @pe, @status, @amount, @cur, @lines, @source, @url, @at)
            ON CONFLICT (tenant, id) DO UPDATE SET status = excluded.status, amount_cents = excluded.amount_cents, lines = excluded.lines,
                url = excluded.url, updated_at = excluded.updated_at
            """, null,
            ("@t", tenant), ("@id", invoice.Id), ("@ps", invoice.PeriodStart), ("@pe", invoice.PeriodEnd), ("@status", invoice.Status),
            ("@amount", invoice.AmountCents), ("@cur", invoice.Currency), ("@lines", JsonSerializer.Serialize(invoice.Lines)), ("@source", invoice.Source),
            ("@url", invoice.Url), ("@at", at)).ExecuteNonQueryAsync(cancellation);
    }

    /// <summary>The tenant's invoices, newest period first.</summary>
    public async Task<List<Invoice>> Invoices(string tenant, CancellationToken cancellation = default)
    {
        await using var connection = await database.OpenAsync(cancellation);
        await using var reader = await connection.Command(
            "SELECT id, period_start, period_end, status, amount_cents, currency, lines, source, url FROM billing_invoices WHERE tenant = @t ORDER BY period_start DESC, id",
            null, ("@t", tenant)).ExecuteReaderAsync(cancellation);
        var invoices = new List<Invoice>();
        while (await reader.ReadAsync(cancellation))
        {
            invoices.Add(new Invoice(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5),
                JsonSerializer.Deserialize<List<InvoiceLine>>(reader.GetString(6)) ?? [], reader.GetString(7), Text(reader, 8)));
        }
        return invoices;
    }

    /// <summary>Records a webhook event as handled; false when it was handled before (Stripe delivers at least once).</summary>
    public async Task<bool> Remember(string eventId, string type, long at, CancellationToken cancellation = default)
    {
        await using var connection = await database.OpenAsync(cancellation);
        return await connection.Command("INSERT INTO billing_webhook_events (id, type, received_at) VALUES (@id, @type, @at) ON CONFLICT DO NOTHING", null,
            ("@id", eventId), ("@type", type), ("@at", at)).ExecuteNonQueryAsync(cancellation) == 1;
    }

    public async Task<bool> Seen(string eventId, CancellationToken cancellation = default)
    {
        await using var connection = await database.OpenAsync(cancellation);
        return Convert.ToInt64(await connection.Command("SELECT COUNT(*) FROM billing_webhook_events WHERE id = @id", null, ("@id", eventId))
            .ExecuteScalarAsync(cancellation), CultureInfo.InvariantCulture) > 0;
    }
}
