namespace Tollgate.Analytics;

public class UsageProjectionTests
{
    [Theory]
    [InlineData(null, false, false, false, UsageStore.Projection.Totals)]
    [InlineData("status_class", false, false, false, UsageStore.Projection.Totals)]
    [InlineData("source", false, false, false, UsageStore.Projection.Totals)]
    [InlineData("service", false, false, false, UsageStore.Projection.Service)]
    [InlineData(null, true, false, false, UsageStore.Projection.Service)]
    [InlineData("route", false, false, false, UsageStore.Projection.Route)]
    [InlineData("route", true, false, false, UsageStore.Projection.Route)]
    [InlineData("consumer", false, false, false, UsageStore.Projection.Consumer)]
    [InlineData("consumer", false, true, false, UsageStore.Projection.Full)]
    [InlineData(null, false, true, true, UsageStore.Projection.Full)]
    public void A_query_reads_the_smallest_projection_that_holds_its_dimensions(string? groupBy, bool service, bool route, bool consumer, UsageStore.Projection expected)
    {
        var filter = new UsageFilter(service ? Guid.NewGuid() : null, route ? Guid.NewGuid() : null, consumer ? Guid.NewGuid() : null);
        Assert.Equal(expected, UsageStore.For(groupBy, filter));
    }
}
