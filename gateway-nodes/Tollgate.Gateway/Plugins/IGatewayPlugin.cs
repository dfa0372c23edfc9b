using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Plugins;

/// <summary>A plugin as the pipeline runs it. Plugins derive from <see cref="GatewayPlugin{TConfig}"/>.</summary>
public interface IGatewayPlugin
{
    /// <summary>Kong's plugin name, e.g. "key-auth".</summary>
    string Name { get; }
    /// <summary>Kong's priority: higher runs first.</summary>
    int Priority { get; }
    /// <summary>How analytics file a request this plugin answered itself (auth refusals, rate limits, other gateway answers).</summary>
    Analytics.UsageSource Answers { get; }
    /// <summary>The config's fields, defaults and rules, shared by the Admin API and the gateway.</summary>
    PluginSchema Schema { get; }
    /// <summary>Turns a plugin instance's config, normalised by <see cref="Schema"/>, into its typed form once per config version.</summary>
    object Parse(Guid instance, JsonObject config);
    /// <summary>Before the request goes upstream; false when the plugin answered the request itself.</summary>
    ValueTask<bool> Access(PluginContext context, object config);
    /// <summary>When the response headers are known, before they are sent.</summary>
    void HeaderFilter(PluginContext context, object config);
    /// <summary>After the response was sent, off the request's path.</summary>
    void Log(PluginContext context, object config);
}

/// <summary>The base of every plugin: a typed config and the phases it implements.</summary>
public abstract class GatewayPlugin<TConfig> : IGatewayPlugin where TConfig : class
{
    public abstract string Name { get; }
    public abstract int Priority { get; }
    public abstract PluginSchema Schema { get; }
    public virtual Analytics.UsageSource Answers => Analytics.UsageSource.Gateway;

    public abstract TConfig Parse(Guid instance, JsonObject config);

    public virtual ValueTask<bool> Access(PluginContext context, TConfig config) => ValueTask.FromResult(true);

    public virtual void HeaderFilter(PluginContext context, TConfig config)
    {
    }

    public virtual void Log(PluginContext context, TConfig config)
    {
    }

    object IGatewayPlugin.Parse(Guid instance, JsonObject config) => Parse(instance, config);
    ValueTask<bool> IGatewayPlugin.Access(PluginContext context, object config) => Access(context, (TConfig)config);
    void IGatewayPlugin.HeaderFilter(PluginContext context, object config) => HeaderFilter(context, (TConfig)config);
    void IGatewayPlugin.Log(PluginContext context, object config) => Log(context, (TConfig)config);
}
