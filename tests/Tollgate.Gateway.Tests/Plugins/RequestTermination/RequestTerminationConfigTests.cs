using System.Text.Json.Nodes;

namespace Tollgate.Gateway.Plugins.RequestTermination;

public class RequestTerminationConfigTests
{
    [Fact]
    public void Defaults_to_503()
    {
        var config = RequestTerminationConfig.From([]);
        Assert.Equal(503, config.StatusCode);
        Assert.Null(config.Message);
    }

    [Fact]
    public void Message_and_body_together_or_a_bad_status_are_refused()
    {
        Assert.Throws<FormatException>(() => RequestTerminationConfig.From(new JsonObject { ["message"] = "m", ["body"] = "b" }));
        Assert.Throws<FormatException>(() => RequestTerminationConfig.From(new JsonObject { ["status_code"] = 700 }));
    }
}
