using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Tollgate.Storage;

/// <summary>
/// Creates and upgrades the schema at start. Steps run in order, once, inside a transaction that holds a lock,
/// so several silos starting together against one PostgreSQL apply each step exactly once.
/// </summary>
public static class Migrations
{
    private static string[] Steps(Database database) =>
    [
        $"""
        CREATE TABLE grain_state (
            state_name text NOT NULL,
            grain_id text NOT NULL,
            version bigint NOT NULL,
            payload {database.BinaryType} NOT NULL,
            updated_at bigint NOT NULL,
            PRIMARY KEY (state_name, grain_id)
        );
        CREATE TABLE membership_version (
            cluster_id text PRIMARY KEY,
            version integer NOT NULL
        );
        CREATE TABLE membership (
            cluster_id text NOT NULL,
            silo text NOT NULL,
            etag integer NOT NULL,
            status integer NOT NULL,
            entry {database.BinaryType} NOT NULL,
            i_am_alive bigint NOT NULL,
            PRIMARY KEY (cluster_id, silo)
        );
        """,
        $"""
        CREATE TABLE analytics_batches (
            node text NOT NULL,
            seq bigint NOT NULL,
            tenant text NOT NULL,
            received_at bigint NOT NULL,
            PRIMARY KEY (node, seq)
        );
        -- In SQLite the usage table is clustered by its key (WITHOUT ROWID): a range of buckets reads adjacent pages.
        CREATE TABLE analytics_usage (
            tenant text NOT NULL,
            granularity integer NOT NULL,
            projection integer NOT NULL,
            bucket bigint NOT NULL,
            service text NOT NULL,
            route text NOT NULL,
            consumer text NOT NULL,
            status integer NOT NULL,
            source integer NOT NULL,
            requests bigint NOT NULL,
            bytes_in bigint NOT NULL,
            bytes_out bigint NOT NULL,
            latency {database.BinaryType} NOT NULL,
            upstream_latency {database.BinaryType} NOT NULL,
            gateway_latency {database.BinaryType} NOT NULL,
            PRIMARY KEY (tenant, granularity, projection, bucket, service, route, consumer, status, source)
        ){(database.Kind == StorageKind.Sqlite ? " WITHOUT ROWID" : "")};
        CREATE INDEX analytics_batches_received ON analytics_batches (received_at);
        """,
        """
        CREATE TABLE billing_accounts (
            tenant text PRIMARY KEY,
            tenant_id text NOT NULL,
            plan text NOT NULL,
            customer_id text,
            subscription_id text,
            subscription_items text,
            standing integer NOT NULL,
            grace_until bigint,
            billed_from bigint NOT NULL,
            billed_through bigint NOT NULL,
            updated_at bigint NOT NULL
        );
        CREATE INDEX billing_accounts_customer ON billing_accounts (customer_id);
        -- What was reported to Stripe for each hour; keyed by the tenant's id, as a slug can be reused.
        CREATE TABLE billing_meter_reports (
            tenant_id text NOT NULL,
            hour bigint NOT NULL,
            requests bigint NOT NULL,
            reported_at bigint NOT NULL,
            PRIMARY KEY (tenant_id, hour)
        );
        CREATE TABLE billing_invoices (
            tenant text NOT NULL,
            id text NOT NULL,
            period_start bigint NOT NULL,
            period_end bigint NOT NULL,
            status text NOT NULL,
            amount_cents bigint NOT NULL,
            currency text NOT NULL,
            lines text NOT NULL,
            source text NOT NULL,
            url text,
            updated_at bigint NOT NULL,
            PRIMARY KEY (tenant, id)
        );
        CREATE TABLE billing_webhook_events (
            id text PRIMARY KEY,
            type text NOT NULL,
            received_at bigint NOT NULL
        );
        """,
        """
        -- People who sign in: platform accounts (realm 'platform') and, later, each tenant's developers ('developers/{tenant}').
        CREATE TABLE portal_users (
            id text PRIMARY KEY,
            realm text NOT NULL,
            email text NOT NULL,
            normalized_email text NOT NULL,
            email_confirmed integer NOT NULL,
            password_hash text,
            security_stamp text NOT NULL,
            lockout_end bigint,
            lockout_enabled integer NOT NULL,
            access_failed_count integer NOT NULL,
            two_factor_enabled integer NOT NULL,
            authenticator_key text,
            created_at bigint NOT NULL,
            UNIQUE (realm, normalized_email)
        );
        -- Who belongs to which tenant, and as what: owner, admin or viewer.
        CREATE TABLE portal_members (
            tenant text NOT NULL,
            user_id text NOT NULL,
            role text NOT NULL,
            created_at bigint NOT NULL,
            PRIMARY KEY (tenant, user_id)
        );
        CREATE INDEX portal_members_user ON portal_members (user_id);
        """,
        """
        -- A tenant's services published in its developer portal as API products.
        CREATE TABLE portal_products (
            tenant text NOT NULL,
            service text NOT NULL,
            title text NOT NULL,
            description text NOT NULL,
            openapi text,
            published_at bigint NOT NULL,
            PRIMARY KEY (tenant, service)
        );
        """,
        """
        -- Invitations to join a tenant; the emailed token is stored only as its hash.
        CREATE TABLE portal_invitations (
            token_hash text PRIMARY KEY,
            tenant text NOT NULL,
            email text NOT NULL,
            role text NOT NULL,
            invited_by text NOT NULL,
            created_at bigint NOT NULL,
            expires_at bigint NOT NULL,
            accepted_at bigint
        );
        CREATE INDEX portal_invitations_tenant ON portal_invitations (tenant);
        """,
        """
        -- Who changed what in a tenant, and through which door (Admin API, console, developer portal).
        CREATE TABLE audit_log (
            tenant text NOT NULL,
            at bigint NOT NULL,
            actor text NOT NULL,
            via text NOT NULL,
            action text NOT NULL,
            collection text NOT NULL,
            entity_id text NOT NULL,
            entity_name text,
            config_version bigint NOT NULL
        );
        CREATE INDEX audit_log_tenant_at ON audit_log (tenant, at);
        """,
        """
        -- ASP.NET Core data-protection keys, shared by every portal process so a cookie one signs another reads.
        CREATE TABLE data_protection_keys (
            name text PRIMARY KEY,
            xml text NOT NULL
        );
        -- Each tenant's developer portal: its look, and whether new developers wait for approval.
        CREATE TABLE portal_settings (
            tenant text PRIMARY KEY,
            title text,
            logo_url text,
            primary_color text,
            approve_developers integer NOT NULL
        );
        ALTER TABLE portal_users ADD COLUMN approved integer NOT NULL DEFAULT 1;
        """,
        """
        -- The keys the platform's OAuth token endpoint signs access tokens with (PKCS#8 PEM), shared by every portal process.
        CREATE TABLE oauth_signing_keys (
            kid text PRIMARY KEY,
            private_key text NOT NULL,
            created_at bigint NOT NULL
        );
        -- Whether a tenant's developers may make OAuth clients for their applications, and the scopes those may ask for.
        ALTER TABLE portal_settings ADD COLUMN oauth_enabled integer NOT NULL DEFAULT 0;
        ALTER TABLE portal_settings ADD COLUMN oauth_scopes text;
        """,
    ];

    /// <summary>How many steps the schema has: the version a fully migrated database is at.</summary>
    public static int Latest(Database database) => Steps(database).Length;

    public static async Task ApplyAsync(Database database, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.Kind == StorageKind.Sqlite)
        {
            await connection.Command("PRAGMA journal_mode=WAL;").ExecuteNonQueryAsync(cancellationToken);
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.Kind == StorageKind.Postgres)
        {
            // One silo migrates at a time; the others wait here and then find the steps applied.
            await connection.Command("SELECT pg_advisory_xact_lock(7305101)", transaction).ExecuteNonQueryAsync(cancellationToken);
        }
        await connection.Command(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)",
            transaction).ExecuteNonQueryAsync(cancellationToken);
        var applied = Convert.ToInt32(await connection.Command(
            "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", transaction).ExecuteScalarAsync(cancellationToken));
        var steps = Steps(database);
        for (var version = applied + 1; version <= steps.Length; version++)
        {
            await connection.Command(steps[version - 1], transaction).ExecuteNonQueryAsync(cancellationToken);
            await connection.Command("INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @t)", transaction,
                ("@v", version), ("@t", DateTimeOffset.UtcNow.ToUnixTimeSeconds())).ExecuteNonQueryAsync(cancellationToken);
            logger.LogInformation("Applied schema migration {Version} to {Storage}", version, database.Kind);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
