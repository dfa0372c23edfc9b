using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Tollgate.Gateway.Sync;

/// <summary>
/// The last applied config of each tenant in the node's data folder, written by atomic rename, so a node can start
/// and serve while the control plane is unreachable.
/// </summary>
public sealed class DiskCache(GatewayOptions options, ILogger<DiskCache> logger)
{
    private string Folder => options.CacheDir;

    public async Task Save(TenantConfigState state)
    {
        Directory.CreateDirectory(Folder);
        var path = PathOf(state.Tenant.Slug);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        await using (var file = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(file, state);
        }
        File.Move(temporary, path, overwrite: true);
    }

    public void Delete(string slug)
    {
        var path = PathOf(slug);
        if (File.Exists(path)) File.Delete(path);
    }

    public async Task<List<TenantConfigState>> LoadAll()
    {
        var states = new List<TenantConfigState>();
        if (!Directory.Exists(Folder)) return states;
        foreach (var path in Directory.EnumerateFiles(Folder, "*.json"))
        {
            try
            {
                await using var file = File.OpenRead(path);
                if (await JsonSerializer.DeserializeAsync<TenantConfigState>(file) is { } state) states.Add(state);
            }
            catch (JsonException e)
            {
                logger.LogWarning(e, "Cached config {Path} is unreadable; it is skipped", path);
            }
        }
        return states;
    }

    private string PathOf(string slug) => Path.Combine(Folder, slug + ".json");
}
