namespace Tollgate.Analytics;

public class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_within_fifteen_percent_of_the_truth()
    {
        var histogram = new LatencyHistogram();
        var values = Enumerable.Range(1, 10_000).Select(i => i / 10.0).ToArray();
        foreach (var value in values) histogram.Record(value);
        foreach (var q in new[] { 0.5, 0.95, 0.99 })
        {
            var truth = values[(int)Math.Ceiling(q * values.Length) - 1];
            Assert.InRange(histogram.Percentile(q), truth, truth * 1.15);
        }
        Assert.Equal((histogram.Percentile(0.5), histogram.Percentile(0.95), histogram.Percentile(0.99)), histogram.Percentiles());
    }

    [Fact]
    public void Merging_encoded_histograms_equals_recording_everything_in_one()
    {
        var (a, b, all) = (new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram());
        foreach (var value in new[] { 0.05, 1, 3, 250, 70_000 }) { a.Record(value); all.Record(value); }
        foreach (var value in new[] { 2, 3, 900 }) { b.Record(value); all.Record(value); }
        var merged = LatencyHistogram.Decode(a.Encode());
        merged.AddEncoded(b.Encode());
        Assert.Equal(all.Encode(), merged.Encode());
        Assert.Equal(8, merged.Count);
        Assert.Equal(all.Percentile(0.99), merged.Percentile(0.99));
    }

    [Fact]
    public void Taking_leaves_zeros_and_an_empty_histogram_has_no_percentiles()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(12);
        Assert.Equal(1, histogram.Take().Count);
        Assert.Equal(0, histogram.Count);
        Assert.Equal(0, histogram.Percentile(0.5));
        Assert.Equal((0.0, 0.0, 0.0), histogram.Percentiles());
        Assert.Empty(histogram.Encode());
    }
}
