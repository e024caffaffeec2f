using Frontier.Operator.Scaling;

namespace Frontier.Operator.Tests.Scaling;

public sealed class OptInTests
{
    [Fact]
    public void Only_the_label_naming_this_route_opts_in()
    {
        Assert.True(OptIn.Allows(new Dictionary<string, string> { ["frontier.dev/route"] = "chat" }, "chat"));
        Assert.False(OptIn.Allows(new Dictionary<string, string> { ["frontier.dev/route"] = "other" }, "chat"));
        Assert.False(OptIn.Allows(new Dictionary<string, string> { ["app"] = "chat" }, "chat"));
        Assert.False(OptIn.Allows(null, "chat"));
    }

    [Fact]
    public void The_hint_names_the_deployment_the_other_route_and_the_command()
    {
        var hint = OptIn.Hint("llm", "wingpt", "chat", new Dictionary<string, string> { ["frontier.dev/route"] = "other" });
        Assert.Contains("Deployment llm/wingpt", hint, StringComparison.Ordinal);
        Assert.Contains("labelled for route other", hint, StringComparison.Ordinal);
        Assert.Contains("kubectl label deployment wingpt -n llm frontier.dev/route=chat --overwrite", hint, StringComparison.Ordinal);
    }
}
