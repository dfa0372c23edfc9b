using Tollgate.Secrets;
using Tollgate.Storage;

namespace Tollgate.Server;

/// <summary>
/// Where the operator's bootstrap token comes from: the BootstrapToken setting, or in the embedded default a token
/// made on first start and kept in the data folder (readable by its owner only).
/// </summary>
public static class BootstrapTokenSource
{
    public const string FileName = "bootstrap-token";

    public static (string Token, string? File) Resolve(TollgateOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.BootstrapToken))
        {
            return (options.BootstrapToken.Trim(), null);
        }
        if (options.Storage != StorageKind.Sqlite)
        {
            throw new InvalidOperationException(
                "BootstrapToken must be set in cluster mode (Storage=Postgres), e.g. TOLLGATE_BOOTSTRAPTOKEN=..., so every silo accepts the same token.");
        }
        Directory.CreateDirectory(options.DataDir);
        var path = Path.GetFullPath(Path.Combine(options.DataDir, FileName));
        if (!File.Exists(path))
        {
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, SecretHasher.NewSecret("tgb_") + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            File.Move(temporary, path, overwrite: false);
        }
        return (File.ReadAllText(path).Trim(), path);
    }
}
