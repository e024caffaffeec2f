using Frontier.Operator.Scaling;
using k8s.Models;

namespace Frontier.Operator.Tests.Scaling;

public sealed class LabelSelectorsTests
{
    [Fact]
    public void Match_labels_and_expressions_become_the_list_apis_selector()
    {
        var selector = new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "wingpt" },
            MatchExpressions =
            [
                new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "In", Values = ["a", "b"] },
                new V1LabelSelectorRequirement { Key = "canary", OperatorProperty = "NotIn", Values = ["true"] },
                new V1LabelSelectorRequirement { Key = "gpu", OperatorProperty = "Exists" },
                new V1LabelSelectorRequirement { Key = "legacy", OperatorProperty = "DoesNotExist" },
            ],
        };
        Assert.Equal("app=wingpt,tier in (a,b),canary notin (true),gpu,!legacy", LabelSelectors.ToQuery(selector));
    }

    [Fact]
    public void An_empty_selector_selects_nothing_rather_than_everything()
    {
        Assert.Null(LabelSelectors.ToQuery(null));
        Assert.Null(LabelSelectors.ToQuery(new V1LabelSelector()));
    }
}
