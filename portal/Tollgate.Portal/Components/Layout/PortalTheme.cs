using MudBlazor;

namespace Tollgate.Portal.Components.Layout;

/// <summary>The console's colours.</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1f4e79", Secondary = "#2e7d32", AppbarBackground = "#1f4e79" },
    };
}
