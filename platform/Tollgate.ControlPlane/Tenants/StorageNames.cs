namespace Tollgate.Tenants;

/// <summary>The grain storage provider every control-plane grain persists to.</summary>
public static class StorageNames
{
    public const string Default = "tollgate";
}
