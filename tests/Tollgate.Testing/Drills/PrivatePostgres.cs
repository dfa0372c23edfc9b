using System.Diagnostics;
using Npgsql;

namespace Tollgate.Testing.Drills;

/// <summary>
/// A PostgreSQL server of a drill's own (initdb in a temporary folder, a free port), so the drill can restart it
/// without disturbing the tests' shared server. Uses the newest server installed under /usr/lib/postgresql, as
/// ./build.sh does; as root, the server runs as the postgres user.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly int _port;

    private PrivatePostgres(string bin, string folder, int port) => (_bin, _folder, _port) = (bin, folder, port);

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres";

    public static async Task<PrivatePostgres> Start()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
            .OrderBy(v => int.TryParse(Path.GetFileName(Path.GetDirectoryName(v)), out var major) ? major : 0).Last();
        var folder = Directory.CreateTempSubdirectory("tollgate-drill-pg-").FullName;
        if (Environment.UserName == "root") await Run("chown", "postgres", folder);
        var server = new PrivatePostgres(bin, folder, TollgateNode.FreePort());
        await server.AsOwner("initdb", "-D", server.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8");
        await server.Control("start");
        return server;
    }

    private string Data => Path.Combine(_folder, "data");

    /// <summary>A fresh database on this server, as a connection string.</summary>
    public async Task<string> CreateDatabase()
    {
        var name = "tollgate_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ToString();
    }

    /// <summary>What an operator's restart does: sessions are cut (fast shutdown), the server starts again; answers how long it was away.</summary>
    public async Task<TimeSpan> Restart()
    {
        var clock = Stopwatch.StartNew();
        await Control("restart", "-m", "fast");
        return clock.Elapsed;
    }

    private Task Control(string action, params string[] more) =>
        AsOwner("pg_ctl", ["-D", Data, "-l", Path.Combine(_folder, "log"), "-w", .. more,
            "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off", action]);

    private Task AsOwner(string tool, params string[] arguments) =>
        Environment.UserName == "root"
            ? Run("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
            : Run(Path.Combine(_bin, tool), arguments);

    private static async Task Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)}: exit {process.ExitCode}\n{await output}{await errors}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AsOwner("pg_ctl", "-D", Data, "-m", "immediate", "stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
