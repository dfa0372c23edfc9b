using System.Diagnostics;

namespace Tollgate.Testing;

/// <summary>Waits for something the gateway does asynchronously (a config applying, a target recovering).</summary>
public static class Eventually
{
    /// <summary>Polls until the condition holds; answers how long it took, or fails after the timeout.</summary>
    public static async Task<TimeSpan> Holds(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition()) return clock.Elapsed;
            await Task.Delay(10);
        }
        throw new Xunit.Sdk.XunitException($"{what} did not happen within {timeout.TotalSeconds} s");
    }
}
